CREATE TYPE "consent_action" AS ENUM('GIVEN', 'WITHDRAWN');--> statement-breakpoint
CREATE TYPE "consent_giver" AS ENUM('PARENT_OR_CARER', 'YOUNG_PERSON');--> statement-breakpoint
CREATE TYPE "consent_method" AS ENUM('IN_PERSON', 'PHONE', 'WRITTEN');--> statement-breakpoint
CREATE TYPE "consent_purpose" AS ENUM('SHARE_WITH_PROVIDERS', 'PROVIDER_CONTACTS_FAMILY', 'OUTCOME_REPORTING');--> statement-breakpoint
CREATE TABLE "child_consents" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "child_consents_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"childId" integer NOT NULL,
	"action" "consent_action" NOT NULL,
	"givenBy" "consent_giver",
	"method" "consent_method",
	"purposes" "consent_purpose"[] DEFAULT '{}'::"consent_purpose"[] NOT NULL,
	"effectiveOn" date NOT NULL,
	"reason" text,
	"note" text DEFAULT '' NOT NULL,
	"recordedById" integer NOT NULL,
	"recordedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "child_consents_given" CHECK ("action" <> 'GIVEN' or ("givenBy" is not null and "method" is not null and 'SHARE_WITH_PROVIDERS' = any("purposes"))),
	CONSTRAINT "child_consents_withdrawn" CHECK ("action" <> 'WITHDRAWN' or "reason" is not null)
);
--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "pausedAt" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "child_consents_child" ON "child_consents" ("childId","id");--> statement-breakpoint
ALTER TABLE "child_consents" ADD CONSTRAINT "child_consents_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "child_consents" ADD CONSTRAINT "child_consents_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "child_consents" ADD CONSTRAINT "child_consents_recordedById_users_id_fkey" FOREIGN KEY ("recordedById") REFERENCES "users"("id");