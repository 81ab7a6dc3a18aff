CREATE TABLE "outcome_reminders" (
	"childId" integer,
	"point" text,
	"dueBy" date,
	"kind" text,
	"createdAt" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "outcome_reminders_pkey" PRIMARY KEY("childId","point","dueBy","kind")
);
--> statement-breakpoint
ALTER TABLE "notifications" ADD COLUMN "childId" integer;--> statement-breakpoint
ALTER TABLE "notifications" ADD CONSTRAINT "notifications_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");--> statement-breakpoint
ALTER TABLE "outcome_reminders" ADD CONSTRAINT "outcome_reminders_childId_children_id_fkey" FOREIGN KEY ("childId") REFERENCES "children"("id");