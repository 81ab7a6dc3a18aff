ALTER TABLE "schools" ADD COLUMN "phase" text DEFAULT 'ALL_THROUGH' NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "needTags" text[] DEFAULT '{anxiety,attendance,"family conflict",bereavement,"speech and language",isolation,behaviour,"young carer",literacy,"healthy weight"}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "schools" ADD CONSTRAINT "schools_phase" CHECK ("phase" in ('PRIMARY', 'SECONDARY', 'ALL_THROUGH'));--> statement-breakpoint
UPDATE "schools" SET "phase" = CASE WHEN "name" ILIKE '%primary%' OR "name" ILIKE '%infant%' OR "name" ILIKE '%junior%' THEN 'PRIMARY' WHEN "name" ILIKE '%secondary%' OR "name" ILIKE '%academy%' OR "name" ILIKE '%high school%' OR "name" ILIKE '%college%' THEN 'SECONDARY' ELSE 'ALL_THROUGH' END;
