CREATE TYPE "unspent_policy" AS ENUM('CARRY_FORWARD', 'RETURN_TO_POT');--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'CARRY_OUT';--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'CARRY_IN';--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'RETURN';--> statement-breakpoint
CREATE TABLE "period_closes" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "period_closes_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"period" text NOT NULL,
	"nextPeriod" text NOT NULL,
	"policy" "unspent_policy" NOT NULL,
	"report" jsonb NOT NULL,
	"closedById" integer NOT NULL,
	"closedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "period_closes_zone_period" UNIQUE("zoneId","period")
);
--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "unspentPolicy" "unspent_policy" DEFAULT 'RETURN_TO_POT'::"unspent_policy" NOT NULL;--> statement-breakpoint
CREATE INDEX "period_closes_zone" ON "period_closes" ("zoneId");--> statement-breakpoint
ALTER TABLE "period_closes" ADD CONSTRAINT "period_closes_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "period_closes" ADD CONSTRAINT "period_closes_closedById_users_id_fkey" FOREIGN KEY ("closedById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_owner", ADD CONSTRAINT "ledger_entries_owner" CHECK (("kind" = 'ALLOCATE' and "allocationId" is not null and "fundingPotId" is not null and "budgetId" is not null) or ("kind"::text = 'FUND' and "fundingPotId" is not null and "budgetId" is null) or ("kind"::text in ('CARRY_OUT', 'CARRY_IN', 'RETURN') and "fundingPotId" is not null and "budgetId" is not null) or ("kind" <> 'ALLOCATE' and "kind"::text not in ('FUND', 'CARRY_OUT', 'CARRY_IN', 'RETURN') and ("commissionId" is not null or "contractId" is not null)));