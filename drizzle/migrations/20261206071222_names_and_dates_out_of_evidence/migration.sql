-- Evidence of unmet need is kept "without personal data" (PRODUCT.md), but the first version
-- (*personal_data_out_of_evidence*) looked only at whole words between spaces: "Sofia/Silva",
-- "sofia.silva" and a date of birth were kept. Now a word that is not itself a name or reference is
-- cut at its punctuation and each part looked at the same way, and dates become "[date]". The
-- rows written so far are cleaned again.

-- A word with its punctuation, a possessive 's and case taken off, as names are compared.
CREATE OR REPLACE FUNCTION "personal_data_bare"("word" text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(lower(regexp_replace("word", '[^[:alnum:]''’-]', '', 'g')), '[''’]s$', '')
$$;
--> statement-breakpoint
-- "[reference]" for a child's or commission's reference, "[name]" for a first or last name of one
-- of the zone's children (a probe of children_zone_first_name / _last_name), else null.
CREATE OR REPLACE FUNCTION "personal_data_mark"("zone" integer, "bare" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN "bare" ~ '^cr-[2-9a-hjkmnp-tv-z]{5}$'
      OR EXISTS (SELECT 1 FROM "children" c WHERE c."reference" = upper("bare") AND c."zoneId" = "zone") THEN '[reference]'
    WHEN "bare" <> '' AND EXISTS (SELECT 1 FROM "children" c WHERE c."zoneId" = "zone"
      AND (lower(c."firstName") = "bare" OR lower(c."lastName") = "bare")) THEN '[name]'
  END
$$;
--> statement-breakpoint
-- A word cut into runs of the characters `keep` (a bracket expression's inside) and what is between
-- them: each run that is a name or reference is marked, the rest kept as typed.
CREATE OR REPLACE FUNCTION "personal_data_parts"("zone" integer, "word" text, "keep" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT string_agg(CASE WHEN m."part"[1] ~ ('^[' || "keep" || ']')
      THEN coalesce("personal_data_mark"("zone", "personal_data_bare"(m."part"[1])), m."part"[1])
      ELSE m."part"[1] END, '' ORDER BY m."n")
  FROM regexp_matches("word", '[' || "keep" || ']+|[^' || "keep" || ']+', 'g') WITH ORDINALITY AS m("part", "n")
$$;
--> statement-breakpoint
-- Dates as people type them: 2018-09-09, 09/09/2018, 9.9.18, 9 September 2018, September 9, 2018.
CREATE OR REPLACE FUNCTION "personal_data_dates_out"("words" text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT regexp_replace(regexp_replace(regexp_replace(regexp_replace("words",
    '\m\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\M', '[date]', 'g'),
    '\m\d{1,2}[-/.]\d{1,2}[-/.](\d{4}|\d{2})\M', '[date]', 'g'),
    '\m\d{1,2}(st|nd|rd|th)?(\s+of)?\s+(january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.?,?\s+\d{2,4}\M',
    '[date]', 'gi'),
    '\m(january|february|march|april|may|june|july|august|september|sept|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)\.?\s+\d{1,2}(st|nd|rd|th)?,?\s+\d{4}\M',
    '[date]', 'gi')
$$;
--> statement-breakpoint
-- Word by word as before (a whole word that is a name or reference goes with its punctuation); a
-- word that is not is looked at in parts, cut at punctuation other than - and ' first (so
-- "CR-ABCDE" and "O'Brien" stay whole), then at - too, then at ' too ("sofia.silva", "O'Brien-Smith").
CREATE OR REPLACE FUNCTION "without_personal_data"("zone" integer, "words" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(coalesce(
      "personal_data_mark"("zone", "personal_data_bare"(s."word")),
      "personal_data_parts"("zone", "personal_data_parts"("zone", "personal_data_parts"("zone", s."word",
        '[:alnum:]''’-'), '[:alnum:]''’'), '[:alnum:]')),
    ' ' ORDER BY s."n"), '')
  FROM regexp_split_to_table("personal_data_dates_out"("words"), '\s+') WITH ORDINALITY AS s("word", "n")
  WHERE s."word" <> ''
$$;
--> statement-breakpoint
UPDATE "search_logs" SET "queryText" = left("without_personal_data"("zoneId", "queryText"), 200) WHERE "queryText" <> '';
--> statement-breakpoint
UPDATE "unmet_needs" SET "tried" = left("without_personal_data"("zoneId", "tried"), 2000);
