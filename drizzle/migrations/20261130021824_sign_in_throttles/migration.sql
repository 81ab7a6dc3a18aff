CREATE TABLE "sign_in_throttles" (
	"key" text PRIMARY KEY,
	"failures" integer DEFAULT 0 NOT NULL,
	"windowStart" timestamp with time zone DEFAULT now() NOT NULL,
	"blockedUntil" timestamp with time zone DEFAULT now() NOT NULL
);
