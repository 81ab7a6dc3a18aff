-- Providers no longer see the link worker's rationale; they see a brief written for them. Existing
-- commissions get a neutral brief from what was commissioned (never a copy of the rationale).
ALTER TABLE "commissions" ADD COLUMN "requestToProvider" text;--> statement-breakpoint
UPDATE "commissions" c SET "requestToProvider" = 'Deliver ' || c."units" || ' × ' || s."name" || ' as described in your listing.'
  FROM "services" s WHERE s."id" = c."serviceId";--> statement-breakpoint
ALTER TABLE "commissions" ALTER COLUMN "requestToProvider" SET NOT NULL;
