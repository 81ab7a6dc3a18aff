import { boolean, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Kept in the database (not memory) so limits hold across several API processes.
export const signInAttempts = pgTable(
  'sign_in_attempts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    email: text().notNull(),
    address: text().notNull(),
    succeeded: boolean().notNull(),
    at: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sign_in_attempts_email').on(t.email, t.at), index('sign_in_attempts_address').on(t.address, t.at)],
);
