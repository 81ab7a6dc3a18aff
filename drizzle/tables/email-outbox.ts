import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

// SKIPPED: a request that needed no email (a password reset for an address with no account).
// DIGEST: waits for the person's daily digest; DIGESTED: went out in one (schema/domain/digest.ts).
export const emailStatusEnum = pgEnum('email_status', ['PENDING', 'SENT', 'FAILED', 'SKIPPED', 'DIGEST', 'DIGESTED']);

// The transactional outbox: an email is a row written in the same transaction as the change it
// reports, so a rolled-back change sends nothing and a committed one is never forgotten. A worker
// sends it; `messageId` is fixed when the row is written, so a resend after a crash is recognisable.
export const emailOutbox = pgTable(
  'email_outbox',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer().references(() => users.id),
    toAddress: text().notNull(),
    kind: text().notNull(),
    // What the template needs: references and paths only, never a child's name or date of birth.
    data: jsonb().$type<Record<string, string | number>>().notNull().default({}),
    messageId: text().notNull().unique(),
    status: emailStatusEnum().notNull().default('PENDING'),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // A worker's lease: nobody else sends this row until it passes.
    lockedUntil: timestamp({ withTimezone: true }),
    lastError: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('email_outbox_due').on(t.status, t.nextAttemptAt),
    check('email_outbox_attempts', sql`${t.attempts} >= 0`),
  ],
);
