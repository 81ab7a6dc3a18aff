import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { fundingSourceEnum } from './enums';
import { users } from './users';
import { zones } from './zones';

// A named formula's weights, one row per version: changing a formula's weights makes a new
// version, so every fund says exactly which weights split it.
export const districtFormulas = pgTable(
  'district_formulas',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    name: text().notNull(),
    version: integer().notNull(),
    // Relative weights of the four factors (any non-negative whole numbers, e.g. percentages).
    pupilsWeight: integer().notNull(),
    childrenWeight: integer().notNull(),
    deprivationWeight: integer().notNull(),
    baseWeight: integer().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('district_formulas_zone_name_version').on(t.zoneId, t.name, t.version),
    check(
      'district_formulas_weights',
      sql`${t.pupilsWeight} >= 0 and ${t.childrenWeight} >= 0 and ${t.deprivationWeight} >= 0 and ${t.baseWeight} >= 0
        and ${t.pupilsWeight} + ${t.childrenWeight} + ${t.deprivationWeight} + ${t.baseWeight} > 0`,
    ),
  ],
);

// A zone fund for a period, split across the zone's districts by a formula. Each district's share
// is a funding pot (funding_pots.districtFundId), credited through the ledger (kind FUND).
export const districtFunds = pgTable(
  'district_funds',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    period: text().notNull(),
    name: text().notNull(),
    source: fundingSourceEnum().notNull(),
    totalPence: integer().notNull(),
    formulaId: integer()
      .notNull()
      .references(() => districtFormulas.id),
    // The factors each district was split on, as entered (reconcile re-derives the split from them):
    // [{ districtId, pupilsOnRoll, childrenInProgramme, deprivationIndex, schools }].
    factors: jsonb().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('district_funds_zone_period').on(t.zoneId, t.period),
    check('district_funds_total', sql`${t.totalPence} >= 0`),
  ],
);
