ALTER TABLE "service_schedules" ADD COLUMN "freq" text DEFAULT 'WEEKLY' NOT NULL;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD COLUMN "interval" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD COLUMN "dtstart" date;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD COLUMN "byMonthDay" integer[] DEFAULT '{}'::integer[] NOT NULL;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD COLUMN "byDayInMonth" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "service_schedules" ADD CONSTRAINT "service_schedules_freq" CHECK ("freq" in ('WEEKLY', 'MONTHLY') and "interval" between 1 and 99);--> statement-breakpoint
ALTER TABLE "service_schedules" ADD CONSTRAINT "service_schedules_month_days" CHECK (0 <> all("byMonthDay") and -31 <= all("byMonthDay") and 31 >= all("byMonthDay"));--> statement-breakpoint
ALTER TABLE "service_schedules" ADD CONSTRAINT "service_schedules_days_in_month" CHECK (array_to_string("byDayInMonth", ',') ~ '^((-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)(,|$))*$');