import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { allocations } from './allocations';
import { childBudgets } from './child-budgets';
import { commissions } from './commissions';
import { contracts } from './contracts';
import { ledgerKindEnum } from './enums';
import { fundingPots } from './funding-pots';
import { paymentLines } from './payment-lines';
import { users } from './users';
import { zones } from './zones';

// Append-only (a trigger refuses UPDATE and DELETE), each row linked into a hash chain as its
// transaction commits (hash-chains.ts). Amounts are positive; the kind says
// which way the money moved: ALLOCATE adds to allocated, RESERVE adds to reserved, RELEASE
// takes from reserved, SPEND moves from reserved to spent. CONTRACT_COMMIT takes a signed
// contract's money from its pot, CONTRACT_RELEASE returns unused places' money; PAYABLE and PAID
// record a payment line (paymentLineId) becoming payable in a run and being paid. CARRY_OUT, CARRY_IN
// and RETURN move a child's unspent allocation when a period closes (fundingPotId: the pot it came from).
export const ledgerEntries = pgTable(
  'ledger_entries',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    // Null for FUND and DEFUND entries, which credit or debit a pot, and for contract money
    // (CONTRACT_COMMIT/RELEASE and a contract instalment's PAYABLE/PAID).
    budgetId: integer().references(() => childBudgets.id),
    kind: ledgerKindEnum().notNull(),
    amountPence: integer().notNull(),
    fundingPotId: integer().references(() => fundingPots.id),
    allocationId: integer().references(() => allocations.id),
    commissionId: integer().references(() => commissions.id),
    contractId: integer().references(() => contracts.id),
    paymentLineId: integer().references(() => paymentLines.id),
    // Null when the portal itself moved the money (a commission lapsing: schema/domain/deadlines.ts).
    actorId: integer().references(() => users.id),
    reason: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // With the kind: a budget's carried-in money is read whenever one of its commissions is raised or
    // settled (budget_source_spend's triggers).
    index('ledger_entries_budget').on(t.budgetId, t.kind),
    index('ledger_entries_commission').on(t.commissionId),
    index('ledger_entries_pot').on(t.fundingPotId),
    index('ledger_entries_contract').on(t.contractId),
    index('ledger_entries_payment_line').on(t.paymentLineId),
    // Money moved by period closes and by releases after them (kind CARRY_IN, CARRY_OUT, RETURN), read
    // by every attributed report (schema/domain/attribution.ts) and by reconcile: a handful of rows in
    // a large ledger. Queries compare the enum itself (kind in (...), not kind::text) to use it. Not a
    // partial index: its predicate would name enum values added in the same migration run (55P04).
    index('ledger_entries_kind_zone').on(t.kind, t.zoneId),
    check('ledger_entries_positive', sql`${t.amountPence} > 0`),
    check(
      'ledger_entries_owner',
      sql`(${t.kind} = 'ALLOCATE' and ${t.allocationId} is not null and ${t.fundingPotId} is not null and ${t.budgetId} is not null) or (${t.kind}::text in ('FUND', 'DEFUND') and ${t.fundingPotId} is not null and ${t.budgetId} is null) or (${t.kind}::text in ('CARRY_OUT', 'CARRY_IN', 'RETURN') and ${t.fundingPotId} is not null and ${t.budgetId} is not null) or (${t.kind} <> 'ALLOCATE' and ${t.kind}::text not in ('FUND', 'DEFUND', 'CARRY_OUT', 'CARRY_IN', 'RETURN') and (${t.commissionId} is not null or ${t.contractId} is not null))`,
    ),
  ],
);
