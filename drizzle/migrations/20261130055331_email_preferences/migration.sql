CREATE TYPE "email_delivery" AS ENUM('IMMEDIATE', 'DAILY_DIGEST', 'OFF');--> statement-breakpoint
ALTER TYPE "email_status" ADD VALUE 'DIGEST';--> statement-breakpoint
ALTER TYPE "email_status" ADD VALUE 'DIGESTED';--> statement-breakpoint
CREATE TABLE "email_preferences" (
	"userId" integer,
	"kind" text,
	"delivery" "email_delivery" NOT NULL,
	CONSTRAINT "email_preferences_pkey" PRIMARY KEY("userId","kind")
);
--> statement-breakpoint
ALTER TABLE "email_preferences" ADD CONSTRAINT "email_preferences_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");