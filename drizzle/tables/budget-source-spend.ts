import { bigint, integer, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { childBudgets } from './child-budgets';

// Spend by funding source, per budget: each of a budget's commissions' committed and spent pence
// attributed to the sources that funded the child (schema/domain/attribution.ts), summed. Kept by
// triggers in the same transaction as every change to the budget's commissions, allocations or
// carried-in money (migration budget_source_spend), so a period's spend by source is a sum over
// its budgets instead of a split of every commission. npm run reconcile re-derives it.
export const budgetSourceSpend = pgTable(
  'budget_source_spend',
  {
    budgetId: integer()
      .notNull()
      .references(() => childBudgets.id),
    /** A funding source, or UNATTRIBUTED for a budget nobody funded. */
    source: text().notNull(),
    committedPence: bigint({ mode: 'number' }).notNull(),
    spentPence: bigint({ mode: 'number' }).notNull(),
    /** Commissions counted under this source: each under the one that gave the child most. */
    commissions: integer().notNull(),
  },
  (t) => [primaryKey({ columns: [t.budgetId, t.source] })],
);
