CREATE TABLE "approved_services" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "approved_services_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"serviceId" integer NOT NULL,
	"evidenceRating" text NOT NULL,
	"approvedOn" date NOT NULL,
	"reviewOn" date NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"approvedById" integer,
	"updatedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approved_services_zone_service" UNIQUE("zoneId","serviceId"),
	CONSTRAINT "approved_services_review_after" CHECK ("reviewOn" > "approvedOn")
);
--> statement-breakpoint
ALTER TABLE "commissions" ADD COLUMN "approvalReason" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "decommissionedFrom" date;--> statement-breakpoint
ALTER TABLE "approved_services" ADD CONSTRAINT "approved_services_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "approved_services" ADD CONSTRAINT "approved_services_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id");--> statement-breakpoint
ALTER TABLE "approved_services" ADD CONSTRAINT "approved_services_approvedById_users_id_fkey" FOREIGN KEY ("approvedById") REFERENCES "users"("id");