import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// When each background job last ran, so that N server processes run it once per interval.
export const jobRuns = pgTable('job_runs', {
  name: text().primaryKey(),
  lastRunAt: timestamp({ withTimezone: true }).notNull(),
});
