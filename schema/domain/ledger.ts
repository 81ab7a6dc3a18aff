import { and, eq, sql } from 'drizzle-orm';
import { childBudgets, ledgerEntries } from '../../drizzle/schema';
import { InsufficientBudgetError } from './errors';
import { moveReleasedFromClosedPeriod } from './period-release';
import type { Tx } from './transaction';

// Every change to a child budget's figures goes through here, together with its ledger
// entry, so the figures always equal what the ledger says (npm run reconcile proves it).

// actorId null: the portal itself (a commission lapsing).
type Movement = { zoneId: number; budgetId: number; commissionId: number; actorId: number | null; reason: string };

/**
 * Reserves money for a commission: one conditional update, which locks the budget row and adds
 * the amount only when that much is available (the CHECK constraint is the last line behind it).
 * Refused, the row is read under the same lock for the figure to report; money released since
 * the update looked (it re-reads a row another writer changed) means try the update again.
 * Returns the budget id.
 */
export async function reserve(tx: Tx, childId: number, period: string, amountPence: number): Promise<number> {
  const available = sql<number>`${childBudgets.allocatedPence} - ${childBudgets.reservedPence} - ${childBudgets.spentPence}`;
  const ofChild = and(eq(childBudgets.childId, childId), eq(childBudgets.period, period));
  for (;;) {
    const [budget] = await tx
      .update(childBudgets)
      .set({ reservedPence: sql`${childBudgets.reservedPence} + ${amountPence}` })
      .where(and(ofChild, sql`${available} >= ${amountPence}`))
      .returning({ id: childBudgets.id });
    if (budget) return budget.id;
    const [current] = await tx.select({ available }).from(childBudgets).where(ofChild).for('update');
    if (!current || Number(current.available) < amountPence) {
      throw new InsufficientBudgetError(Number(current?.available ?? 0), amountPence);
    }
  }
}

/** The child's budget row for the period (created empty if none): a contract place reserves nothing on it. */
export async function budgetFor(tx: Tx, zoneId: number, childId: number, period: string): Promise<number> {
  await tx.insert(childBudgets).values({ zoneId, childId, period }).onConflictDoNothing();
  const [b] = await tx
    .select({ id: childBudgets.id })
    .from(childBudgets)
    .where(and(eq(childBudgets.childId, childId), eq(childBudgets.period, period)));
  return b!.id;
}

/** Settles a reservation: `spend` moves to spent, `release` goes back to available (period-release.ts when its period has closed). */
export async function settle(tx: Tx, m: Movement, amounts: { spend: number; release: number }) {
  const { spend, release } = amounts;
  if (spend === 0 && release === 0) return;
  await tx
    .update(childBudgets)
    .set({
      reservedPence: sql`${childBudgets.reservedPence} - ${spend + release}`,
      spentPence: sql`${childBudgets.spentPence} + ${spend}`,
    })
    .where(eq(childBudgets.id, m.budgetId));
  const entries = [
    ...(spend > 0 ? [{ ...m, kind: 'SPEND' as const, amountPence: spend }] : []),
    ...(release > 0 ? [{ ...m, kind: 'RELEASE' as const, amountPence: release }] : []),
  ];
  await tx.insert(ledgerEntries).values(entries);
  // Released on a closed period's budget: carried forward or returned as that close decided.
  if (release > 0) await moveReleasedFromClosedPeriod(tx, m, release);
}
