CREATE TABLE "service_reviews" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "service_reviews_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"zoneId" integer NOT NULL,
	"serviceId" integer NOT NULL,
	"reasons" text[] NOT NULL,
	"reasonText" text NOT NULL,
	"openedById" integer NOT NULL,
	"openedAt" timestamp with time zone DEFAULT now() NOT NULL,
	"providerResponse" text,
	"respondedById" integer,
	"respondedAt" timestamp with time zone,
	"decision" text,
	"conditions" text,
	"decommissionFrom" date,
	"evidence" text,
	"outcomeSnapshot" jsonb,
	"decidedById" integer,
	"decidedAt" timestamp with time zone,
	CONSTRAINT "service_reviews_decision" CHECK ("decision" is null or "decision" in ('CONTINUE', 'CONTINUE_WITH_CONDITIONS', 'DECOMMISSION')),
	CONSTRAINT "service_reviews_decommission_from" CHECK (("decision" = 'DECOMMISSION') = ("decommissionFrom" is not null))
);
--> statement-breakpoint
CREATE INDEX "service_reviews_service" ON "service_reviews" ("serviceId","id");--> statement-breakpoint
CREATE UNIQUE INDEX "service_reviews_one_open" ON "service_reviews" ("serviceId") WHERE "decision" is null;--> statement-breakpoint
ALTER TABLE "service_reviews" ADD CONSTRAINT "service_reviews_zoneId_zones_id_fkey" FOREIGN KEY ("zoneId") REFERENCES "zones"("id");--> statement-breakpoint
ALTER TABLE "service_reviews" ADD CONSTRAINT "service_reviews_serviceId_services_id_fkey" FOREIGN KEY ("serviceId") REFERENCES "services"("id");--> statement-breakpoint
ALTER TABLE "service_reviews" ADD CONSTRAINT "service_reviews_openedById_users_id_fkey" FOREIGN KEY ("openedById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "service_reviews" ADD CONSTRAINT "service_reviews_respondedById_users_id_fkey" FOREIGN KEY ("respondedById") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "service_reviews" ADD CONSTRAINT "service_reviews_decidedById_users_id_fkey" FOREIGN KEY ("decidedById") REFERENCES "users"("id");