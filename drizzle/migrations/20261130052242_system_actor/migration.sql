ALTER TABLE "commission_events" ALTER COLUMN "actorId" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "actorId" DROP NOT NULL;