ALTER TYPE "ledger_kind" ADD VALUE 'FUND';--> statement-breakpoint
ALTER TYPE "role" ADD VALUE 'DISTRICT_LEAD';--> statement-breakpoint
ALTER TYPE "role" ADD VALUE 'SCHOOL_LEAD';--> statement-breakpoint
CREATE TABLE "district_formulas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "district_formulas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"name" text NOT NULL,
	"version" integer NOT NULL,
	"pupilsWeight" integer NOT NULL,
	"childrenWeight" integer NOT NULL,
	"deprivationWeight" integer NOT NULL,
	"baseWeight" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "district_formulas_zone_name_version" UNIQUE("zoneId","name","version"),
	CONSTRAINT "district_formulas_weights" CHECK ("pupilsWeight" >= 0 and "childrenWeight" >= 0 and "deprivationWeight" >= 0 and "baseWeight" >= 0
        and "pupilsWeight" + "childrenWeight" + "deprivationWeight" + "baseWeight" > 0)
);
--> statement-breakpoint
CREATE TABLE "district_funds" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "district_funds_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"period" text NOT NULL,
	"name" text NOT NULL,
	"source" "funding_source" NOT NULL,
	"totalPence" integer NOT NULL,
	"formulaId" integer NOT NULL,
	"factors" jsonb NOT NULL,
	"createdById" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "district_funds_total" CHECK ("totalPence" >= 0)
);
--> statement-breakpoint
ALTER TABLE "funding_pots" ADD COLUMN "districtId" integer;--> statement-breakpoint
ALTER TABLE "funding_pots" ADD COLUMN "districtFundId" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "districtId" integer;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "schoolId" integer;--> statement-breakpoint
CREATE INDEX "district_funds_zone_period" ON "district_funds" ("zoneId","period");--> statement-breakpoint
CREATE INDEX "funding_pots_district" ON "funding_pots" ("districtId");--> statement-breakpoint
ALTER TABLE "district_formulas" ADD CONSTRAINT "district_formulas_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "district_funds" ADD CONSTRAINT "district_funds_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "district_funds" ADD CONSTRAINT "district_funds_formulaId_district_formulas_id_fkey" FOREIGN KEY ("formulaId") REFERENCES "district_formulas"("id");--> statement-breakpoint
ALTER TABLE "district_funds" ADD CONSTRAINT "district_funds_createdById_users_id_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_districtFundId_district_funds_id_fkey" FOREIGN KEY ("districtFundId") REFERENCES "district_funds"("id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_schoolId_schools_id_fkey" FOREIGN KEY ("schoolId") REFERENCES "schools"("id");--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_fund_has_district" CHECK ("districtFundId" is null or "districtId" is not null);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_district_lead_has_district" CHECK (("role"::text = 'DISTRICT_LEAD') = ("districtId" is not null));--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_school_lead_has_school" CHECK (("role"::text = 'SCHOOL_LEAD') = ("schoolId" is not null));--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_owner", ADD CONSTRAINT "ledger_entries_owner" CHECK (("kind" = 'ALLOCATE' and "allocationId" is not null and "fundingPotId" is not null and "budgetId" is not null) or ("kind"::text = 'FUND' and "fundingPotId" is not null and "budgetId" is null) or ("kind" <> 'ALLOCATE' and "kind"::text <> 'FUND' and ("commissionId" is not null or "contractId" is not null)));