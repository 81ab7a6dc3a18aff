-- Text search that ignores accents: "cafe" finds Café and "Siobhan" finds Siobhán, both ways. The
-- unaccent dictionary (in PGlite's contrib and PostgreSQL's) takes accents off each word before the
-- English stemmer (or, for a picker's typed prefix, the simple dictionary) sees it. It lowercases
-- nothing itself; the stemmer and simple do, after it, so "CAFÉ" is "cafe" too.
CREATE EXTENSION IF NOT EXISTS unaccent;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION english_unaccent (COPY = english);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION english_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, english_stem;--> statement-breakpoint
CREATE TEXT SEARCH CONFIGURATION simple_unaccent (COPY = simple);--> statement-breakpoint
ALTER TEXT SEARCH CONFIGURATION simple_unaccent
  ALTER MAPPING FOR hword, hword_part, word WITH unaccent, simple;--> statement-breakpoint
-- Listings written before text was stored composed (NFC): "e" + U+0301 becomes "é", as typed.
UPDATE "services" SET "name" = normalize("name", NFC), "description" = normalize("description", NFC),
  "searchTerms" = normalize("searchTerms", NFC)
WHERE "name" IS NOT NFC NORMALIZED OR "description" IS NOT NFC NORMALIZED
  OR "searchTerms" IS NOT NFC NORMALIZED;
