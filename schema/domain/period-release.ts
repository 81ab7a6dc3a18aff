import { and, eq, sql } from 'drizzle-orm';
import { childBudgets, fundingPots, ledgerEntries, zones } from '../../drizzle/schema';
import { MOST_IN_A_CHILD_BUDGET } from './allocations';
import { formatPence } from './errors';
import { type LeavingPart, potsInBudgets, splitLeaving } from './leaving-money';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

// A commission raised in a period that has since closed keeps its reservation on the closed
// period's budget (period-close.ts). When it is cancelled, declined, rejected, lapses or completes
// with fewer units, the released money would sit unspendable in a closed budget; instead it goes
// where it would have gone had it been unspent at the close, by the policy that close used:
// - CARRY_FORWARD, child still ACTIVE: carried (CARRY_OUT + CARRY_IN) into the child's budget for
//   the zone's current (open) period, under the pot it came from, so reports keep attributing it;
// - otherwise (RETURN_TO_POT, or a child who has left): back to its pots (RETURN);
// - what would take the current budget past the most one budget holds (MOST_IN_A_CHILD_BUDGET, as
//   allocations are refused) goes back to its pots too: a cancellation cannot be refused for it.
// As at the close, the money leaves each pot in proportion to what it holds beyond its share of the
// budget's other commissions (leaving-money.ts): the released commission's own shares, as a rule.
// The ledger entries name the commission, which tells them apart from the close's own.

type Released = { zoneId: number; budgetId: number; commissionId: number; actorId: number | null };

/** Moves `amountPence` just released on a closed period's budget onward; does nothing for an open period. */
export async function moveReleasedFromClosedPeriod(tx: Tx, m: Released, amountPence: number) {
  if (amountPence <= 0) return;
  const [budget] = rowsOf(
    await tx.execute(sql`
      select b."childId", b."period", c."status", pc."policy"
      from "child_budgets" b join "children" c on c."id" = b."childId"
      join "period_closes" pc on pc."zoneId" = b."zoneId" and pc."period" = b."period"
      where b."id" = ${m.budgetId}`),
  );
  if (!budget) return; // the budget's period is open: the money is simply available again
  // A close of the current period waits for this (and this for it), so the money never lands in
  // a period closed meanwhile; KEY SHARE conflicts only with the close's FOR UPDATE.
  const [zone] = await tx
    .select({ current: zones.currentPeriod })
    .from(zones)
    .where(eq(zones.id, m.zoneId))
    .for('key share');
  const carry = budget.policy === 'CARRY_FORWARD' && budget.status === 'ACTIVE';
  const parts = splitLeaving(
    amountPence,
    (await potsInBudgets(tx, m.zoneId, sql`select ${m.budgetId}::int`)).get(m.budgetId) ?? [],
    m.budgetId,
  );

  const { carried, returned } = carry
    ? withinRoom(parts, await roomIn(tx, Number(budget.childId), zone!.current))
    : { carried: [], returned: parts };

  await tx
    .update(childBudgets)
    .set({ allocatedPence: sql`${childBudgets.allocatedPence} - ${amountPence}` })
    .where(eq(childBudgets.id, m.budgetId));
  const base = { zoneId: m.zoneId, commissionId: m.commissionId, actorId: m.actorId };
  if (carried.length) {
    const total = carried.reduce((t, p) => t + p.amountPence, 0);
    const [next] = await tx
      .insert(childBudgets)
      .values({ zoneId: m.zoneId, childId: Number(budget.childId), period: zone!.current, allocatedPence: total })
      .onConflictDoUpdate({
        target: [childBudgets.childId, childBudgets.period],
        set: { allocatedPence: sql`${childBudgets.allocatedPence} + excluded."allocatedPence"` },
      })
      .returning({ id: childBudgets.id });
    await tx.insert(ledgerEntries).values(
      carried.flatMap((p) => [
        {
          ...base,
          kind: 'CARRY_OUT' as const,
          budgetId: m.budgetId,
          fundingPotId: p.potId,
          amountPence: p.amountPence,
          reason: `Released after the close of ${budget.period}: carried forward to ${zone!.current}`,
        },
        {
          ...base,
          kind: 'CARRY_IN' as const,
          budgetId: next!.id,
          fundingPotId: p.potId,
          amountPence: p.amountPence,
          reason: `Released after the close of ${budget.period}: carried forward from it`,
        },
      ]),
    );
  }
  if (!returned.length) return;
  for (const p of returned)
    await tx
      .update(fundingPots)
      .set({ allocatedPence: sql`${fundingPots.allocatedPence} - ${p.amountPence}` })
      .where(eq(fundingPots.id, p.potId));
  const why = carry
    ? `returned to its pot, as the child’s budget for ${zone!.current} holds the most a budget may (${formatPence(MOST_IN_A_CHILD_BUDGET)})`
    : 'returned to its pot';
  await tx.insert(ledgerEntries).values(
    returned.map((p) => ({
      ...base,
      kind: 'RETURN' as const,
      budgetId: m.budgetId,
      fundingPotId: p.potId,
      amountPence: p.amountPence,
      reason: `Released after the close of ${budget.period}: ${why}`,
    })),
  );
}

/** What the child's budget for `period` can still take before the most one budget holds; locked. */
async function roomIn(tx: Tx, childId: number, period: string): Promise<number> {
  const [held] = await tx
    .select({ allocated: childBudgets.allocatedPence })
    .from(childBudgets)
    .where(and(eq(childBudgets.childId, childId), eq(childBudgets.period, period)))
    .for('update');
  return Math.max(0, MOST_IN_A_CHILD_BUDGET - (held?.allocated ?? 0));
}

/**
 * The most `room` carries, from each pot in proportion (whole pence, the odd pence from the first
 * pots), so the funders' shares of what carries and of what goes back stay as they were.
 */
function withinRoom(parts: LeavingPart[], room: number) {
  const total = parts.reduce((t, p) => t + p.amountPence, 0);
  if (room >= total) return { carried: parts, returned: [] };
  // BigInt: two sums of up to £1,000,000 in pence multiply past Number's exact integers.
  const shares = parts.map((p) => Number((BigInt(p.amountPence) * BigInt(room)) / BigInt(total)));
  let odd = room - shares.reduce((t, n) => t + n, 0);
  for (let i = 0; odd > 0; i++, odd--) shares[i]! += 1;
  const carried = parts.map((p, i) => ({ ...p, amountPence: shares[i]! })).filter((p) => p.amountPence > 0);
  const returned = parts
    .map((p, i) => ({ ...p, amountPence: p.amountPence - shares[i]! }))
    .filter((p) => p.amountPence > 0);
  return { carried, returned };
}
