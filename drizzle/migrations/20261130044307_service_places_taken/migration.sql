ALTER TABLE "services" ADD COLUMN "placesTaken" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "services" ADD CONSTRAINT "services_places_taken" CHECK ("placesTaken" >= 0);