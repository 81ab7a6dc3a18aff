CREATE TYPE "email_status" AS ENUM('PENDING', 'SENT', 'FAILED');--> statement-breakpoint
CREATE TABLE "email_outbox" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "email_outbox_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"userId" integer,
	"toAddress" text NOT NULL,
	"kind" text NOT NULL,
	"data" jsonb DEFAULT '{}' NOT NULL,
	"messageId" text NOT NULL UNIQUE,
	"status" "email_status" DEFAULT 'PENDING'::"email_status" NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"nextAttemptAt" timestamp with time zone DEFAULT now() NOT NULL,
	"lockedUntil" timestamp with time zone,
	"lastError" text,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	"sentAt" timestamp with time zone,
	CONSTRAINT "email_outbox_attempts" CHECK ("attempts" >= 0)
);
--> statement-breakpoint
CREATE INDEX "email_outbox_due" ON "email_outbox" ("status","nextAttemptAt");--> statement-breakpoint
ALTER TABLE "email_outbox" ADD CONSTRAINT "email_outbox_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");