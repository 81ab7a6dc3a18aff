import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { children } from './children';
import { zones } from './zones';

// One row per child per budget period. The figures are a cache of the ledger, updated in the
// same transaction as each ledger entry; the CHECK is the last line against overspending.
export const childBudgets = pgTable(
  'child_budgets',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    childId: integer()
      .notNull()
      .references(() => children.id),
    period: text().notNull(),
    allocatedPence: integer().notNull().default(0),
    reservedPence: integer().notNull().default(0),
    spentPence: integer().notNull().default(0),
  },
  (t) => [
    unique('child_budgets_child_period').on(t.childId, t.period),
    // A zone's budgets of a period (the spend reports' join), not every zone's.
    index('child_budgets_zone_period').on(t.zoneId, t.period),
    check(
      'child_budgets_never_overspent',
      sql`${t.allocatedPence} >= 0 and ${t.reservedPence} >= 0 and ${t.spentPence} >= 0 and ${t.reservedPence} + ${t.spentPence} <= ${t.allocatedPence}`,
    ),
  ],
);
