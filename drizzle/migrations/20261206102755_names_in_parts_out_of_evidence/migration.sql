-- A name of more than one part ("Da Silva", "Mary Ann", "Smith-Jones") was looked for whole only: a
-- word is one part ("silva"), so "Rang about Sofia Da Silva" kept "Silva". Each part of two letters or
-- more of a child's names is now a name too, found through a GIN index keyed with the zone (so a part
-- common across the country is still one probe). The rows written so far are cleaned again.
-- Also: a SQL function's statements are planned once for any arguments (a generic plan), and for
-- "first name or last name" that plan read every child (10,000 children: 1 ms a word of every
-- logged search); each name is now its own probe.

-- The zone's key for each part of a child's names: "12:silva".
CREATE OR REPLACE FUNCTION "personal_data_name_keys"("zone" integer, "first" text, "last" text) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
  SELECT coalesce(array_agg(DISTINCT "zone"::text || ':' || p."part"), '{}')
  FROM regexp_split_to_table(lower(coalesce("first", '') || ' ' || coalesce("last", '')), '[^[:alnum:]''’]+') AS p("part")
  WHERE length(p."part") > 1
$$;
--> statement-breakpoint
CREATE INDEX "children_zone_name_parts" ON "children" USING gin ("personal_data_name_keys"("zoneId", "firstName", "lastName")) WITH (fastupdate=false);
--> statement-breakpoint
-- As before, with each index its own probe, and a part of a name (children_zone_name_parts) a name.
CREATE OR REPLACE FUNCTION "personal_data_mark"("zone" integer, "bare" text) RETURNS text
LANGUAGE sql STABLE AS $$
  SELECT CASE
    WHEN "bare" ~ '^cr-[2-9a-hjkmnp-tv-z]{5}$'
      OR EXISTS (SELECT 1 FROM "children" c WHERE c."reference" = upper("bare") AND c."zoneId" = "zone") THEN '[reference]'
    WHEN "bare" <> '' AND (
      EXISTS (SELECT 1 FROM "children" c WHERE c."zoneId" = "zone" AND lower(c."firstName") = "bare")
      OR EXISTS (SELECT 1 FROM "children" c WHERE c."zoneId" = "zone" AND lower(c."lastName") = "bare")
      OR EXISTS (SELECT 1 FROM "children" c
        WHERE "personal_data_name_keys"(c."zoneId", c."firstName", c."lastName") @> ARRAY["zone"::text || ':' || "bare"])
    ) THEN '[name]'
  END
$$;
--> statement-breakpoint
UPDATE "search_logs" SET "queryText" = left("without_personal_data"("zoneId", "queryText"), 200) WHERE "queryText" <> '';
--> statement-breakpoint
UPDATE "unmet_needs" SET "tried" = left("without_personal_data"("zoneId", "tried"), 2000);
