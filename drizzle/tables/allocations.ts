import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, timestamp } from 'drizzle-orm/pg-core';
import { childBudgets } from './child-budgets';
import { children } from './children';
import { fundingPots } from './funding-pots';
import { users } from './users';

export const allocations = pgTable(
  'allocations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    fundingPotId: integer()
      .notNull()
      .references(() => fundingPots.id),
    childId: integer()
      .notNull()
      .references(() => children.id),
    budgetId: integer()
      .notNull()
      .references(() => childBudgets.id),
    amountPence: integer().notNull(),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('allocations_pot').on(t.fundingPotId),
    index('allocations_budget').on(t.budgetId),
    check('allocations_positive', sql`${t.amountPence} > 0`),
  ],
);
