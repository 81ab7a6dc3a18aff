import { integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

// A retried mutation with the same key returns the stored result instead of acting twice.
// The primary key makes two racing first attempts collide in the database, not in memory.
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    key: text().notNull(),
    operation: text().notNull(),
    requestHash: text().notNull(),
    result: jsonb().$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.key] })],
);
