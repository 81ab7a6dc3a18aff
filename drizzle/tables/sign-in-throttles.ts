import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// One row per account ("account:<email>") and per client address ("address:<ip>"). Each attempt
// counts itself here, under the row's lock, before the password is verified: parallel guesses
// cannot all slip through between a read and a write. In the database so limits hold across processes.
export const signInThrottles = pgTable('sign_in_throttles', {
  key: text().primaryKey(),
  // Failures in the current window (an attempt in flight counts as one until it succeeds).
  failures: integer().notNull().default(0),
  windowStart: timestamp({ withTimezone: true }).notNull().defaultNow(),
  // Accounts: no attempt is checked before this (exponential delay after repeated failures).
  blockedUntil: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
