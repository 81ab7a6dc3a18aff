DROP INDEX "payment_lines_instalment_once";--> statement-breakpoint
ALTER TABLE "payment_lines" ADD COLUMN "firstPlace" integer;--> statement-breakpoint
ALTER TABLE "payment_lines" ADD COLUMN "places" integer;--> statement-breakpoint
-- Lines paid before top-ups existed were each a whole month: its places from the first. The lines
-- are append-only; this backfill only says what each already paid.
ALTER TABLE "payment_lines" DISABLE TRIGGER "payment_lines_append_only";--> statement-breakpoint
UPDATE "payment_lines" l SET "firstPlace" = 1, "places" = l."amountPence" / k."pricePerPlacePence"
  FROM "contracts" k WHERE k."id" = l."contractId";--> statement-breakpoint
ALTER TABLE "payment_lines" ENABLE TRIGGER "payment_lines_append_only";--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_instalment_places_once" ON "payment_lines" ("contractId","month","firstPlace");--> statement-breakpoint
ALTER TABLE "payment_lines" DROP CONSTRAINT "payment_lines_what", ADD CONSTRAINT "payment_lines_what" CHECK (("commissionId" is not null and "contractId" is null and "month" is null and "firstPlace" is null and "places" is null) or ("commissionId" is null and "contractId" is not null and "month" ~ '^[0-9]{4}-[0-9]{2}$' and "firstPlace" >= 1 and "places" >= 1));