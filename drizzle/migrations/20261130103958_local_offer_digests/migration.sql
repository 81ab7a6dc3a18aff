CREATE TABLE "local_offer_digests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "local_offer_digests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"districtId" integer NOT NULL,
	"schoolId" integer,
	"scope" text NOT NULL,
	"period" text NOT NULL,
	"generatedAt" timestamp with time zone DEFAULT now() NOT NULL,
	"recipients" integer DEFAULT 0 NOT NULL,
	"services" jsonb NOT NULL,
	CONSTRAINT "local_offer_digests_scope_period" UNIQUE("scope","period")
);
--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "localOfferSchedule" text DEFAULT 'MONTHLY' NOT NULL;--> statement-breakpoint
CREATE INDEX "local_offer_digests_scope_at" ON "local_offer_digests" ("scope","generatedAt");--> statement-breakpoint
ALTER TABLE "local_offer_digests" ADD CONSTRAINT "local_offer_digests_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "local_offer_digests" ADD CONSTRAINT "local_offer_digests_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");--> statement-breakpoint
ALTER TABLE "local_offer_digests" ADD CONSTRAINT "local_offer_digests_schoolId_schools_id_fkey" FOREIGN KEY ("schoolId") REFERENCES "schools"("id");--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_local_offer_schedule" CHECK ("localOfferSchedule" in ('OFF', 'WEEKLY', 'MONTHLY'));