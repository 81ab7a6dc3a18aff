-- Evidence of unmet need is kept "without personal data" (PRODUCT.md), but link workers type a
-- child's name or reference into a search or into what they tried. Words that are a name of one of
-- the zone's children become "[name]", a child's or commission's reference "[reference]", as they
-- are written (schema/domain/personal-text.ts); the rows written so far are cleaned the same way.
CREATE OR REPLACE FUNCTION "without_personal_data"("zone" integer, "words" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT coalesce(string_agg(CASE
      WHEN t."bare" ~ '^cr-[2-9a-hjkmnp-tv-z]{5}$'
        OR EXISTS (SELECT 1 FROM "children" c WHERE c."reference" = upper(t."bare") AND c."zoneId" = "zone") THEN '[reference]'
      WHEN t."bare" <> '' AND EXISTS (SELECT 1 FROM "children" c WHERE c."zoneId" = "zone"
        AND (lower(c."firstName") = t."bare" OR lower(c."lastName") = t."bare")) THEN '[name]'
      ELSE t."word" END, ' ' ORDER BY t."n"), '')
  FROM (
    SELECT s."word", s."n",
      regexp_replace(lower(regexp_replace(s."word", '[^[:alnum:]''’-]', '', 'g')), '[''’]s$', '') AS "bare"
    FROM regexp_split_to_table("words", '\s+') WITH ORDINALITY AS s("word", "n")
    WHERE s."word" <> ''
  ) t
$$;
--> statement-breakpoint
UPDATE "search_logs" SET "queryText" = "without_personal_data"("zoneId", "queryText") WHERE "queryText" <> '';
--> statement-breakpoint
UPDATE "unmet_needs" SET "tried" = "without_personal_data"("zoneId", "tried");
