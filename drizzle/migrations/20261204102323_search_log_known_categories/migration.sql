-- A directory search's category slugs were logged as given, so a slug could hold a child's name or
-- reference (outside audit of issue 12, point 7). The log now keeps only slugs of the taxonomy and does
-- not log a search that named no known category (schema/domain/search-log.ts); the rows written so far
-- are made the same. Nothing is changed while the taxonomy is not yet seeded.
DELETE FROM "search_logs" l
WHERE cardinality(l."categorySlugs") > 0
  AND EXISTS (SELECT 1 FROM "categories")
  AND NOT EXISTS (SELECT 1 FROM "categories" c WHERE c."slug" = ANY(l."categorySlugs"));
--> statement-breakpoint
UPDATE "search_logs" l
SET "categorySlugs" = ARRAY(
  SELECT c."slug" FROM "categories" c WHERE c."slug" = ANY(l."categorySlugs") ORDER BY c."slug" COLLATE "C")
WHERE EXISTS (SELECT 1 FROM "categories")
  AND EXISTS (SELECT 1 FROM unnest(l."categorySlugs") AS s("slug")
    WHERE NOT EXISTS (SELECT 1 FROM "categories" c WHERE c."slug" = s."slug"));
