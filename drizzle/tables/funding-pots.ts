import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { districtFunds } from './district-funds';
import { districts } from './districts';
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
    // A district pot: its children must be at the district's schools. Set with districtFundId when
    // the pot is a district's share of a zone fund (district-funds.ts).
    districtId: integer().references(() => districts.id),
    districtFundId: integer().references(() => districtFunds.id),
  },
  (t) => [
    index('funding_pots_zone_period').on(t.zoneId, t.period),
    index('funding_pots_district').on(t.districtId),
    check('funding_pots_fund_has_district', sql`${t.districtFundId} is null or ${t.districtId} is not null`),
    check('funding_pots_total', sql`${t.totalPence} >= 0`),
    check('funding_pots_not_over_allocated', sql`${t.allocatedPence} >= 0 and ${t.allocatedPence} <= ${t.totalPence}`),
    check(
      'funding_pots_not_over_committed',
      sql`${t.contractCommittedPence} >= 0 and ${t.allocatedPence} + ${t.contractCommittedPence} <= ${t.totalPence}`,
    ),
  ],
);
