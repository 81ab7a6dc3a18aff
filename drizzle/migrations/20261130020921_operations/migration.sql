CREATE TYPE "account_token_purpose" AS ENUM('FIRST_SIGN_IN', 'INVITATION', 'PASSWORD_RESET');--> statement-breakpoint
CREATE TABLE "account_tokens" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "account_tokens_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"userId" integer NOT NULL,
	"purpose" "account_token_purpose" NOT NULL,
	"tokenHash" text NOT NULL UNIQUE,
	"expiresAt" timestamp with time zone NOT NULL,
	"usedAt" timestamp with time zone,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_runs" (
	"name" text PRIMARY KEY,
	"lastRunAt" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "children" ADD COLUMN "anonymisedAt" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "children" ALTER COLUMN "firstName" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "children" ALTER COLUMN "lastName" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "children" ALTER COLUMN "dateOfBirth" DROP NOT NULL;--> statement-breakpoint
CREATE INDEX "account_tokens_user" ON "account_tokens" ("userId");--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_userId_users_id_fkey" FOREIGN KEY ("userId") REFERENCES "users"("id");--> statement-breakpoint
ALTER TABLE "children" ADD CONSTRAINT "children_identity" CHECK ("anonymisedAt" is not null or ("firstName" is not null and "lastName" is not null and "dateOfBirth" is not null));