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
 * Reserves money for a commission. The budget row is locked and read first, so a refusal reports
 * the figure this transaction saw and no concurrent writer can change it before the update; the
 * update re-checks availability and the CHECK constraint is the last line behind both. Returns
 * the budget id.
 */
export async function reserve(tx: Tx, childId: number, period: string, amountPence: number): Promise<number> {
  const available = sql<number>`${childBudgets.allocatedPence} - ${childBudgets.reservedPence} - ${childBudgets.spentPence}`;
  const [current] = await tx
    .select({ id: childBudgets.id, available })
    .from(childBudgets)
    .where(and(eq(childBudgets.childId, childId), eq(childBudgets.period, period)))
    .for('update');
  if (!current || Number(current.available) < amountPence) {
    throw new InsufficientBudgetError(Number(current?.available ?? 0), amountPence);
  }
  const [budget] = await tx
    .update(childBudgets)
    .set({ reservedPence: sql`${childBudgets.reservedPence} + ${amountPence}` })
    .where(and(eq(childBudgets.id, current.id), sql`${available} >= ${amountPence}`))
    .returning({ id: childBudgets.id });
  if (!budget) throw new InsufficientBudgetError(Number(current.available), amountPence);
  return budget.id;
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

/** The ledger entry for a reservation made with reserve(), once the commission exists. */
export async function recordReservation(tx: Tx, m: Movement, amountPence: number) {
  await tx.insert(ledgerEntries).values({ ...m, kind: 'RESERVE', amountPence });
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
