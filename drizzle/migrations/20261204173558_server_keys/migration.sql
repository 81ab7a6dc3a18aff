CREATE TABLE "server_keys" (
	"purpose" text PRIMARY KEY,
	"secret" text NOT NULL,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL
);
