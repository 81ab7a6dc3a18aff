ALTER TYPE "commission_status" ADD VALUE 'EXPIRED';--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "responseWorkingDays" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD COLUMN "lapseGraceWorkingDays" integer DEFAULT 2 NOT NULL;--> statement-breakpoint
ALTER TABLE "zones" ADD CONSTRAINT "zones_response_days" CHECK ("responseWorkingDays" between 1 and 60 and "lapseGraceWorkingDays" between 0 and 60);