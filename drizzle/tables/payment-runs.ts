import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { paymentRunStatusEnum } from './enums';
import { users } from './users';
import { zones } from './zones';

// A payment run (schema/domain/payment-runs.ts): what was payable on its date, per provider, in
// payment_lines. CREATED when run, PAID once finance has paid it (with finance's reference).
export const paymentRuns = pgTable(
  'payment_runs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    // e.g. PR-7KQ2M, unique per zone; each provider's remittance number is this and its number.
    reference: text().notNull(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    runDate: date({ mode: 'string' }).notNull(),
    status: paymentRunStatusEnum().notNull().default('CREATED'),
    totalPence: integer().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    financeReference: text(),
    paidAt: timestamp({ withTimezone: true }),
    paidById: integer().references(() => users.id),
  },
  (t) => [
    index('payment_runs_zone').on(t.zoneId, t.id),
    unique('payment_runs_zone_reference').on(t.zoneId, t.reference),
    check('payment_runs_reference_format', sql`${t.reference} ~ '^PR-[2-9A-HJKMNP-TV-Z]{5}$'`),
    check('payment_runs_total', sql`${t.totalPence} > 0`),
    check(
      'payment_runs_paid',
      sql`(${t.status} = 'PAID') = (${t.financeReference} is not null and ${t.paidAt} is not null)`,
    ),
  ],
);
