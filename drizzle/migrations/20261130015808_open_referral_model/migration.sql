CREATE TYPE "accessibility_feature" AS ENUM('WHEELCHAIR', 'STEP_FREE', 'ACCESSIBLE_TOILET', 'HEARING_LOOP', 'BSL', 'BRAILLE', 'QUIET_SPACE', 'ACCESSIBLE_PARKING');--> statement-breakpoint
CREATE TABLE "import_sources" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "import_sources_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"location" text NOT NULL,
	"lastRunAt" timestamp with time zone,
	"lastStatus" text,
	"lastModifiedSeen" timestamp with time zone,
	"resumePage" integer,
	"lastCounts" jsonb DEFAULT '{}' NOT NULL,
	"lastErrors" jsonb DEFAULT '[]' NOT NULL,
	CONSTRAINT "import_sources_zone_location" UNIQUE("zoneId","location")
);
--> statement-breakpoint
CREATE TABLE "service_areas" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_areas_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	"serviceId" integer NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"extent" text,
	"extentType" text,
	"uri" text
);
--> statement-breakpoint
CREATE TABLE "service_attributes" (
	"serviceId" integer,
	"taxonomyTermId" integer,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	CONSTRAINT "service_attributes_pkey" PRIMARY KEY("serviceId","taxonomyTermId")
);
--> statement-breakpoint
CREATE TABLE "service_contacts" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_contacts_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	"serviceId" integer NOT NULL,
	"name" text DEFAULT '' NOT NULL,
	"title" text DEFAULT '' NOT NULL,
	"email" text,
	"phones" jsonb DEFAULT '[]' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "service_cost_options" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_cost_options_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	"serviceId" integer NOT NULL,
	"amountPence" integer,
	"per" text DEFAULT '' NOT NULL,
	"conditions" text DEFAULT '' NOT NULL,
	CONSTRAINT "service_cost_options_amount" CHECK ("amountPence" is null or "amountPence" >= 0)
);
--> statement-breakpoint
CREATE TABLE "service_languages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_languages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	"serviceId" integer NOT NULL,
	"name" text NOT NULL,
	"code" text
);
--> statement-breakpoint
CREATE TABLE "service_schedules" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_schedules_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL UNIQUE,
	"serviceId" integer NOT NULL,
	"byDay" text[] DEFAULT '{}'::text[] NOT NULL,
	"opensAt" time,
	"closesAt" time,
	"validFrom" date,
	"validTo" date,
	"description" text DEFAULT '' NOT NULL,
	CONSTRAINT "service_schedules_days" CHECK ("byDay" <@ array['MO','TU','WE','TH','FR','SA','SU']::text[]),
	CONSTRAINT "service_schedules_times" CHECK ("opensAt" is null or "closesAt" is null or "opensAt" < "closesAt"),
	CONSTRAINT "service_schedules_valid" CHECK ("validFrom" is null or "validTo" is null or "validFrom" <= "validTo")
);
--> statement-breakpoint
CREATE TABLE "taxonomies" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "taxonomies_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid NOT NULL UNIQUE,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"uri" text,
	"version" text
);
--> statement-breakpoint
CREATE TABLE "taxonomy_terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "taxonomy_terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"uuid" uuid NOT NULL UNIQUE,
	"taxonomyId" integer NOT NULL,
	"parentUuid" uuid,
	"code" text,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"termUri" text
);
--> statement-breakpoint
ALTER TABLE "categories" ADD COLUMN "uuid" uuid GENERATED ALWAYS AS (md5('portal-category:' || "categories"."slug")::uuid) STORED;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "uuid" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "updatedAt" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "sourceId" integer;--> statement-breakpoint
ALTER TABLE "organisations" ADD COLUMN "externalId" text;--> statement-breakpoint
ALTER TABLE "service_locations" ADD COLUMN "uuid" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "service_locations" ADD COLUMN "accessibility" "accessibility_feature"[] DEFAULT '{}'::"accessibility_feature"[] NOT NULL;--> statement-breakpoint
ALTER TABLE "service_locations" ADD COLUMN "accessibilityNotes" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "uuid" uuid DEFAULT gen_random_uuid() NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "sourceId" integer;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "externalId" text;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "claimed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_source_external" UNIQUE("sourceId","externalId");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_uuid_key" UNIQUE("uuid");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_source_external" UNIQUE("sourceId","externalId");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_uuid_key" UNIQUE("uuid");--> statement-breakpoint
ALTER TABLE "service_locations" ADD CONSTRAINT "service_locations_uuid_key" UNIQUE("uuid");--> statement-breakpoint
CREATE INDEX "services_zone_updated" ON "services" ("zoneId","updatedAt");--> statement-breakpoint
CREATE INDEX "import_sources_zone" ON "import_sources" ("zoneId");--> statement-breakpoint
CREATE INDEX "service_areas_service" ON "service_areas" ("serviceId");--> statement-breakpoint
CREATE INDEX "service_attributes_term" ON "service_attributes" ("taxonomyTermId");--> statement-breakpoint
CREATE INDEX "service_contacts_service" ON "service_contacts" ("serviceId");--> statement-breakpoint
CREATE INDEX "service_cost_options_service" ON "service_cost_options" ("serviceId");--> statement-breakpoint
CREATE INDEX "service_languages_service" ON "service_languages" ("serviceId");--> statement-breakpoint
CREATE INDEX "service_languages_code" ON "service_languages" ("code");--> statement-breakpoint
CREATE INDEX "service_schedules_service" ON "service_schedules" ("serviceId");--> statement-breakpoint
CREATE INDEX "taxonomy_terms_taxonomy" ON "taxonomy_terms" ("taxonomyId");--> statement-breakpoint
ALTER TABLE "organisations" ADD CONSTRAINT "organisations_sourceId_import_sources_id_fkey" FOREIGN KEY ("sourceId") REFERENCES "import_sources"("id");--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_sourceId_import_sources_id_fkey" FOREIGN KEY ("sourceId") REFERENCES "import_sources"("id");--> statement-breakpoint
ALTER TABLE "import_sources" ADD CONSTRAINT "import_sources_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "service_areas" ADD CONSTRAINT "service_areas_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_attributes" ADD CONSTRAINT "service_attributes_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_attributes" ADD CONSTRAINT "service_attributes_taxonomyTermId_taxonomy_terms_id_fkey" FOREIGN KEY ("taxonomyTermId") REFERENCES "taxonomy_terms"("id");--> statement-breakpoint
ALTER TABLE "service_contacts" ADD CONSTRAINT "service_contacts_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_cost_options" ADD CONSTRAINT "service_cost_options_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_languages" ADD CONSTRAINT "service_languages_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD CONSTRAINT "service_schedules_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id") ON DELETE CASCADE;--> statement-breakpoint
ALTER TABLE "taxonomy_terms" ADD CONSTRAINT "taxonomy_terms_taxonomyId_taxonomies_id_fkey" FOREIGN KEY ("taxonomyId") REFERENCES "taxonomies"("id");