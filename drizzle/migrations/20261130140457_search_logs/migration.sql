CREATE TABLE "search_logs" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "search_logs_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer,
	"districtId" integer,
	"queryText" text DEFAULT '' NOT NULL,
	"categorySlugs" text[] DEFAULT '{}'::text[] NOT NULL,
	"age" integer,
	"freeOnly" boolean DEFAULT false NOT NULL,
	"maxUnitPricePence" integer,
	"withinKm" real,
	"postcodeDistrict" text,
	"resultCount" integer NOT NULL,
	"signedIn" boolean NOT NULL,
	"commissionFollowed" boolean DEFAULT false NOT NULL,
	"searchedAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "search_logs_query_length" CHECK (length("queryText") <= 200),
	CONSTRAINT "search_logs_postcode_district" CHECK ("postcodeDistrict" ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$')
);
--> statement-breakpoint
CREATE INDEX "search_logs_zone_time" ON "search_logs" ("zoneId","searchedAt");--> statement-breakpoint
CREATE INDEX "search_logs_time" ON "search_logs" ("searchedAt");--> statement-breakpoint
ALTER TABLE "search_logs" ADD CONSTRAINT "search_logs_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "search_logs" ADD CONSTRAINT "search_logs_districtId_districts_id_fkey" FOREIGN KEY ("districtId") REFERENCES "districts"("id");