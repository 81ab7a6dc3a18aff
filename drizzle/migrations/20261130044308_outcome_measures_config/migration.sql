CREATE TABLE "measure_definitions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "measure_definitions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"minScore" integer NOT NULL,
	"maxScore" integer NOT NULL,
	"better" text NOT NULL,
	"reliability" double precision,
	"referenceSd" double precision,
	"reliableChangeThreshold" double precision,
	"clinicalCutoff" integer,
	"multipleItems" boolean DEFAULT false NOT NULL,
	"reliabilitySource" text DEFAULT '' NOT NULL,
	"referenceSdSource" text DEFAULT '' NOT NULL,
	"thresholdSource" text DEFAULT '' NOT NULL,
	"cutoffSource" text DEFAULT '' NOT NULL,
	"notice" text DEFAULT '' NOT NULL,
	"createdById" integer NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "measure_definitions_zone_code" UNIQUE("zoneId","code"),
	CONSTRAINT "measure_definitions_range" CHECK ("minScore" < "maxScore"),
	CONSTRAINT "measure_definitions_better" CHECK ("better" in ('LOWER', 'HIGHER')),
	CONSTRAINT "measure_definitions_reliable_change" CHECK (("reliability" > 0 and "reliability" < 1 and "referenceSd" > 0) or "reliableChangeThreshold" > 0)
);
--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD COLUMN "item" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "outcome_measures" ADD COLUMN "late" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "outcomeBaselineWeeks" integer DEFAULT 6 NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "outcomeFollowUpMonths" integer[] DEFAULT '{12,24}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "measure_definitions" ADD CONSTRAINT "measure_definitions_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "measure_definitions" ADD CONSTRAINT "measure_definitions_createdById_users_id_fkey" FOREIGN KEY ("createdById") REFERENCES "users"("id");