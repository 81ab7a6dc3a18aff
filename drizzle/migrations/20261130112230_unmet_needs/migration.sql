CREATE TABLE "unmet_needs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "unmet_needs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"childId" integer NOT NULL,
	"needTag" text NOT NULL,
	"districtId" integer,
	"tried" text NOT NULL,
	"recordedById" integer NOT NULL,
	"recordedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "unmet_needs_tried" CHECK (length("tried") between 1 and 2000)
);
--> statement-breakpoint
CREATE INDEX "unmet_needs_zone_time" ON "unmet_needs" ("zoneId","recordedAt");--> statement-breakpoint
ALTER TABLE "unmet_needs" ADD CONSTRAINT "unmet_needs_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "unmet_needs" ADD CONSTRAINT "unmet_needs_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "unmet_needs" ADD CONSTRAINT "unmet_needs_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");--> statement-breakpoint
ALTER TABLE "unmet_needs" ADD CONSTRAINT "unmet_needs_recordedById_users_id_fkey" FOREIGN KEY ("recordedById") REFERENCES "users"("id");