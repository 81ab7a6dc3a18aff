CREATE TABLE "import_seen" (
	"sourceId" integer,
	"externalId" text,
	CONSTRAINT "import_seen_pkey" PRIMARY KEY("sourceId","externalId")
);
--> statement-breakpoint
ALTER TABLE "import_sources" ADD COLUMN "resumeModifiedAfter" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "import_sources" ADD COLUMN "resumeFull" integer;--> statement-breakpoint
ALTER TABLE "services" ADD COLUMN "importSnapshot" jsonb;--> statement-breakpoint
ALTER TABLE "import_seen" ADD CONSTRAINT "import_seen_sourceId_import_sources_id_fkey" FOREIGN KEY ("sourceId") REFERENCES "import_sources"("id") ON DELETE CASCADE;