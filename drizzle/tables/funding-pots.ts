import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { fundingSourceEnum } from './enums';
import { zones } from './zones';

export const fundingPots = pgTable(
  'funding_pots',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    period: text().notNull(),
    name: text().notNull(),
    source: fundingSourceEnum().notNull(),
    totalPence: integer().notNull(),
    // Running sum of allocations, updated in the same transaction as each allocation.
    allocatedPence: integer().notNull().default(0),
    // Signed contracts' money on the pot (committed less released: schema/domain/contracts.ts).
    contractCommittedPence: integer().notNull().default(0),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('funding_pots_zone_period').on(t.zoneId, t.period),
    check('funding_pots_total', sql`${t.totalPence} >= 0`),
    check('funding_pots_not_over_allocated', sql`${t.allocatedPence} >= 0 and ${t.allocatedPence} <= ${t.totalPence}`),
    check(
      'funding_pots_not_over_committed',
      sql`${t.contractCommittedPence} >= 0 and ${t.allocatedPence} + ${t.contractCommittedPence} <= ${t.totalPence}`,
    ),
  ],
);
