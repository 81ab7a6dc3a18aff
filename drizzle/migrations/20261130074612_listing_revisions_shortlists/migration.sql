CREATE TYPE "revision_status" AS ENUM('PENDING', 'APPLIED', 'REJECTED', 'SUPERSEDED');--> statement-breakpoint
CREATE TABLE "service_revisions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_revisions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"serviceId" integer NOT NULL,
	"zoneId" integer NOT NULL,
	"status" "revision_status" NOT NULL,
	"before" jsonb,
	"after" jsonb NOT NULL,
	"changedFields" text[] DEFAULT '{}'::text[] NOT NULL,
	"authorId" integer,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"decidedById" integer,
	"decidedAt" timestamp with time zone,
	"reason" text,
	"restoredFromId" integer,
	CONSTRAINT "service_revisions_reason" CHECK ("status" <> 'REJECTED' or "reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "shortlist_items" (
	"shortlistId" integer,
	"serviceId" integer,
	"addedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shortlist_items_pkey" PRIMARY KEY("shortlistId","serviceId")
);
--> statement-breakpoint
CREATE TABLE "shortlists" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "shortlists_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"ownerId" integer NOT NULL,
	"childId" integer,
	"name" text,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "shortlists_child_or_name" CHECK (("childId" is null) <> ("name" is null))
);
--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "reviewRemindedFor" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "listingEditsNeedApproval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "service_revisions_service" ON "service_revisions" ("serviceId","id");--> statement-breakpoint
CREATE INDEX "service_revisions_zone_status" ON "service_revisions" ("zoneId","status");--> statement-breakpoint
CREATE UNIQUE INDEX "service_revisions_one_pending" ON "service_revisions" ("serviceId") WHERE "status" = 'PENDING';--> statement-breakpoint
CREATE INDEX "shortlists_owner" ON "shortlists" ("ownerId","id");--> statement-breakpoint
CREATE INDEX "shortlists_child" ON "shortlists" ("childId");--> statement-breakpoint
ALTER TABLE "service_revisions" ADD CONSTRAINT "service_revisions_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id");--> statement-breakpoint
ALTER TABLE "service_revisions" ADD CONSTRAINT "service_revisions_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "service_revisions" ADD CONSTRAINT "service_revisions_authorId_users_id_fkey" FOREIGN KEY ("authorId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "service_revisions" ADD CONSTRAINT "service_revisions_decidedById_users_id_fkey" FOREIGN KEY ("decidedById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "shortlist_items" ADD CONSTRAINT "shortlist_items_shortlistId_shortlists_id_fkey" FOREIGN KEY ("shortlistId") REFERENCES "shortlists"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "shortlist_items" ADD CONSTRAINT "shortlist_items_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id");--> statement-breakpoint
ALTER TABLE "shortlists" ADD CONSTRAINT "shortlists_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "shortlists" ADD CONSTRAINT "shortlists_ownerId_users_id_fkey" FOREIGN KEY ("ownerId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "shortlists" ADD CONSTRAINT "shortlists_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");