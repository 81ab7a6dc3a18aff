CREATE TYPE "organisation_request_status" AS ENUM('PENDING', 'APPROVED', 'DECLINED');--> statement-breakpoint
CREATE TABLE "organisation_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "organisation_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	"zoneId" integer NOT NULL,
	"status" "organisation_request_status" DEFAULT 'PENDING'::"organisation_request_status" NOT NULL,
	"kind" "organisation_kind" NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"charityNumber" text,
	"companyNumber" text,
	"phone" text,
	"website" text,
	"contactName" text NOT NULL,
	"contactEmail" text NOT NULL,
	"decidedById" integer,
	"decidedAt" timestamp with time zone,
	"declineReason" text,
	"organisationId" integer,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_requests_has_number" CHECK ("charityNumber" is not null or "companyNumber" is not null),
	CONSTRAINT "organisation_requests_email_lower" CHECK ("contactEmail" = lower("contactEmail")),
	CONSTRAINT "organisation_requests_decided" CHECK (("status" = 'PENDING') = ("decidedAt" is null) and ("status" = 'DECLINED') = ("declineReason" is not null) and ("status" = 'APPROVED') = ("organisationId" is not null))
);
--> statement-breakpoint
CREATE INDEX "organisation_requests_zone_status" ON "organisation_requests" ("zoneId","status","createdAt");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_requests_pending_charity" ON "organisation_requests" ("zoneId","charityNumber") WHERE "status" = 'PENDING' and "charityNumber" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_requests_pending_company" ON "organisation_requests" ("zoneId","companyNumber") WHERE "status" = 'PENDING' and "companyNumber" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_requests_pending_email" ON "organisation_requests" ("zoneId","contactEmail") WHERE "status" = 'PENDING';--> statement-breakpoint
ALTER TABLE "organisation_requests" ADD CONSTRAINT "organisation_requests_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "organisation_requests" ADD CONSTRAINT "organisation_requests_decidedById_users_id_fkey" FOREIGN KEY ("decidedById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "organisation_requests" ADD CONSTRAINT "organisation_requests_organisationId_organisations_id_fkey" FOREIGN KEY ("organisationId") REFERENCES "organisations"("id");