-- Names written before a name had to be one line (schema/domain/one-line.ts, audit 66): each run of
-- control characters (a line break, a tab) and the spaces around it becomes one space, so a name
-- already stored as "Riverside\r\nBcc: x@y" reaches the feed, CSV exports and emails on one line.
-- A district or formula whose cleaned name another of its zone's already has keeps its name (the
-- names are unique in a zone; of two that clean to one name, the first written is cleaned); renaming it is the administrator's choice. Payment lines keep the
-- supplier's name as it was paid: they are append-only.
CREATE FUNCTION "name_on_one_line"(name text) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT btrim(regexp_replace(name, '[[:space:]]*[\u0001-\u001f\u007f-\u009f][[:space:]\u0001-\u001f\u007f-\u009f]*', ' ', 'g'))
$$;--> statement-breakpoint
UPDATE "organisations" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "organisation_requests" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "organisation_requests" SET "contactName" = "name_on_one_line"("contactName") WHERE "contactName" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "users" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "zones" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "schools" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "funding_pots" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "district_funds" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "measure_definitions" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "shortlists" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "children" SET "firstName" = "name_on_one_line"("firstName") WHERE "firstName" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "children" SET "lastName" = "name_on_one_line"("lastName") WHERE "lastName" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "services" SET "contactName" = "name_on_one_line"("contactName") WHERE "contactName" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "service_contacts" SET "name" = "name_on_one_line"("name") WHERE "name" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "service_contacts" SET "title" = "name_on_one_line"("title") WHERE "title" ~ '[\u0001-\u001f\u007f-\u009f]';--> statement-breakpoint
UPDATE "districts" d SET "name" = "name_on_one_line"(d."name")
WHERE d."name" ~ '[\u0001-\u001f\u007f-\u009f]'
  AND NOT EXISTS (SELECT 1 FROM "districts" o WHERE o."zoneId" = d."zoneId" AND o."name" = "name_on_one_line"(d."name"))
  AND d."id" = (
    SELECT min(x."id") FROM "districts" x
    WHERE x."zoneId" = d."zoneId" AND "name_on_one_line"(x."name") = "name_on_one_line"(d."name")
  );--> statement-breakpoint
UPDATE "district_formulas" f SET "name" = "name_on_one_line"(f."name")
WHERE f."name" ~ '[\u0001-\u001f\u007f-\u009f]'
  AND NOT EXISTS (
    SELECT 1 FROM "district_formulas" o
    WHERE o."zoneId" = f."zoneId" AND o."version" = f."version" AND o."name" = "name_on_one_line"(f."name")
  )
  AND f."id" = (
    SELECT min(x."id") FROM "district_formulas" x
    WHERE x."zoneId" = f."zoneId" AND x."version" = f."version"
      AND "name_on_one_line"(x."name") = "name_on_one_line"(f."name")
  );--> statement-breakpoint
DROP FUNCTION "name_on_one_line"(text);
