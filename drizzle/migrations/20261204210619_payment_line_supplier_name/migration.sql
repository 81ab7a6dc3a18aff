-- Lines paid before this migration take the supplier's name as it stands now: the best there is.
-- The lines are append-only; this backfill only records whom each already paid.
ALTER TABLE "payment_lines" ADD COLUMN "supplierName" text;--> statement-breakpoint
ALTER TABLE "payment_lines" DISABLE TRIGGER "payment_lines_append_only";--> statement-breakpoint
UPDATE "payment_lines" l SET "supplierName" = o."name" FROM "organisations" o WHERE o."id" = l."organisationId";--> statement-breakpoint
ALTER TABLE "payment_lines" ENABLE TRIGGER "payment_lines_append_only";--> statement-breakpoint
ALTER TABLE "payment_lines" ALTER COLUMN "supplierName" SET NOT NULL;
