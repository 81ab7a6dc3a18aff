CREATE TYPE "contract_status" AS ENUM('DRAFT', 'SIGNED', 'ENDED');--> statement-breakpoint
CREATE TYPE "payment_run_status" AS ENUM('CREATED', 'PAID');--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'CONTRACT_COMMIT';--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'CONTRACT_RELEASE';--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'PAYABLE';--> statement-breakpoint
ALTER TYPE "ledger_kind" ADD VALUE 'PAID';--> statement-breakpoint
CREATE TABLE "contracts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "contracts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reference" text NOT NULL,
	"zoneId" integer NOT NULL,
	"organisationId" integer NOT NULL,
	"serviceId" integer NOT NULL,
	"fundingPotId" integer NOT NULL,
	"places" integer NOT NULL,
	"pricePerPlacePence" integer NOT NULL,
	"startDate" date NOT NULL,
	"endDate" date NOT NULL,
	"status" "contract_status" DEFAULT 'DRAFT'::"contract_status" NOT NULL,
	"placesUsed" integer DEFAULT 0 NOT NULL,
	"committedPence" integer DEFAULT 0 NOT NULL,
	"releasedPence" integer DEFAULT 0 NOT NULL,
	"createdById" integer NOT NULL,
	"signedAt" timestamp with time zone,
	"endedOn" date,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "contracts_zone_reference" UNIQUE("zoneId","reference"),
	CONSTRAINT "contracts_reference_format" CHECK ("reference" ~ '^BC-[2-9A-HJKMNP-TV-Z]{5}$'),
	CONSTRAINT "contracts_places" CHECK ("places" > 0 and "pricePerPlacePence" > 0),
	CONSTRAINT "contracts_dates" CHECK ("endDate" >= "startDate"),
	CONSTRAINT "contracts_places_used" CHECK ("placesUsed" >= 0 and "placesUsed" <= "places"),
	CONSTRAINT "contracts_money" CHECK ("releasedPence" >= 0 and "releasedPence" <= "committedPence")
);
--> statement-breakpoint
CREATE TABLE "payment_lines" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_lines_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"runId" integer NOT NULL,
	"zoneId" integer NOT NULL,
	"organisationId" integer NOT NULL,
	"remittanceNumber" text NOT NULL,
	"commissionId" integer,
	"contractId" integer,
	"month" text,
	"amountPence" integer NOT NULL,
	"fundSource" text NOT NULL,
	"description" text NOT NULL,
	CONSTRAINT "payment_lines_amount" CHECK ("amountPence" > 0),
	CONSTRAINT "payment_lines_what" CHECK (("commissionId" is not null and "contractId" is null and "month" is null) or ("commissionId" is null and "contractId" is not null and "month" ~ '^[0-9]{4}-[0-9]{2}$'))
);
--> statement-breakpoint
CREATE TABLE "payment_runs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "payment_runs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"reference" text NOT NULL,
	"zoneId" integer NOT NULL,
	"runDate" date NOT NULL,
	"status" "payment_run_status" DEFAULT 'CREATED'::"payment_run_status" NOT NULL,
	"totalPence" integer NOT NULL,
	"createdById" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"financeReference" text,
	"paidAt" timestamp with time zone,
	"paidById" integer,
	CONSTRAINT "payment_runs_zone_reference" UNIQUE("zoneId","reference"),
	CONSTRAINT "payment_runs_reference_format" CHECK ("reference" ~ '^PR-[2-9A-HJKMNP-TV-Z]{5}$'),
	CONSTRAINT "payment_runs_total" CHECK ("totalPence" > 0),
	CONSTRAINT "payment_runs_paid" CHECK (("status" = 'PAID') = ("financeReference" is not null and "paidAt" is not null))
);
--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "contractId" integer;--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "stretch" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "funding_pots" ADD COLUMN "contractCommittedPence" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "contractId" integer;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD COLUMN "paymentLineId" integer;--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "budgetId" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "contracts_zone" ON "contracts" ("zoneId","status","endDate");--> statement-breakpoint
CREATE INDEX "contracts_organisation" ON "contracts" ("organisationId","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_contract" ON "ledger_entries" ("contractId");--> statement-breakpoint
CREATE INDEX "ledger_entries_payment_line" ON "ledger_entries" ("paymentLineId");--> statement-breakpoint
CREATE INDEX "payment_lines_run" ON "payment_lines" ("runId","organisationId","id");--> statement-breakpoint
CREATE INDEX "payment_lines_organisation" ON "payment_lines" ("organisationId","id");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_commission_once" ON "payment_lines" ("commissionId");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_lines_instalment_once" ON "payment_lines" ("contractId","month");--> statement-breakpoint
CREATE INDEX "payment_runs_zone" ON "payment_runs" ("zoneId","id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_contractId_contracts_id_fkey" FOREIGN KEY ("contractId") REFERENCES "contracts"("id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_organisationId_organisations_id_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_fundingPotId_funding_pots_id_fkey" FOREIGN KEY ("fundingPotId") REFERENCES "funding_pots"("id");--> statement-breakpoint
ALTER TABLE "contracts" ADD CONSTRAINT "contracts_createdById_users_id_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_contractId_contracts_id_fkey" FOREIGN KEY ("contractId") REFERENCES "contracts"("id");--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_paymentLineId_payment_lines_id_fkey" FOREIGN KEY ("paymentLineId") REFERENCES "payment_lines"("id");--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_runId_payment_runs_id_fkey" FOREIGN KEY ("runId") REFERENCES "payment_runs"("id");--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_organisationId_organisations_id_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id");--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_commissionId_commissions_id_fkey" FOREIGN KEY ("commissionId") REFERENCES "commissions"("id");--> statement-breakpoint
ALTER TABLE "payment_lines" ADD CONSTRAINT "payment_lines_contractId_contracts_id_fkey" FOREIGN KEY ("contractId") REFERENCES "contracts"("id");--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_createdById_users_id_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "payment_runs" ADD CONSTRAINT "payment_runs_paidById_users_id_fkey" FOREIGN KEY ("paidById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "commissions" ADD CONSTRAINT "commissions_stretch" CHECK (not "stretch" or "contractId" is not null);--> statement-breakpoint
ALTER TABLE "funding_pots" ADD CONSTRAINT "funding_pots_not_over_committed" CHECK ("contractCommittedPence" >= 0 and "allocatedPence" + "contractCommittedPence" <= "totalPence");--> statement-breakpoint
ALTER TABLE "commissions" DROP CONSTRAINT "commissions_units", ADD CONSTRAINT "commissions_units" CHECK ("units" > 0 and ("unitPricePence" > 0 or ("contractId" is not null and not "stretch" and "unitPricePence" = 0)));--> statement-breakpoint
ALTER TABLE "ledger_entries" DROP CONSTRAINT "ledger_entries_owner", ADD CONSTRAINT "ledger_entries_owner" CHECK (("kind" = 'ALLOCATE' and "allocationId" is not null and "fundingPotId" is not null) or ("kind" <> 'ALLOCATE' and ("commissionId" is not null or "contractId" is not null)));