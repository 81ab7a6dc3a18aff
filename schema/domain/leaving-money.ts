import { type SQL, sql } from 'drizzle-orm';
import { attributedTotalsSql, largestRemainder } from './attribution';
import { moneyPerCommission } from './report';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

// Money leaving a child's budget, unspent at a close (period-close.ts) or released on a closed
// budget later (period-release.ts), leaves each pot in proportion to what that pot holds beyond
// its share of the budget's commissions (attribution.ts). Those remainders add up to what leaves,
// so each pot gives exactly its own: a pot's close row adds up (allocated = carried + returned +
// committed + spent), and what stays is still in the proportion the funders put in, so spend by
// source for the closed period reads the same after the close as before it.

export type PotInBudget = { potId: number; heldPence: number; unusedPence: number };
export type LeavingPart = { potId: number; amountPence: number };

/** A budget's commissions' committed and spent pence attributed to one pot (attribution.ts). */
export type UsedInBudget = { budgetId: number; potId: string; committedPence: number; spentPence: number };

/**
 * The commissions of `money` (moneyPerCommission), attributed to pots and summed by budget and pot:
 * a period close reads both its report's pot lines and what leaves each budget from this one pass.
 */
export async function usedInBudgets(tx: Tx, zoneId: number, money: SQL): Promise<UsedInBudget[]> {
  const rows = rowsOf(
    await tx.execute(sql`
      select x."budgetId", x."source", x."committedPence" as "committed", x."spentPence" as "spent"
      from (${attributedTotalsSql(zoneId, money, 'pot', { onlyMoneyBudgets: true, perBudget: true })}) x`),
  );
  return rows.map((r) => ({
    budgetId: Number(r.budgetId),
    potId: String(r.source),
    committedPence: Number(r.committed),
    spentPence: Number(r.spent),
  }));
}

/**
 * For each budget of `budgets` (a query of budget ids), what each pot holds in it now and how
 * much of that its commissions' shares leave unused (negative by a penny of rounding at most per
 * commission), by pot id. `used` is those shares when the caller has them already (it must cover
 * every commission of `budgets`); else they are read here.
 */
export async function potsInBudgets(
  tx: Tx,
  zoneId: number,
  budgets: SQL,
  used?: UsedInBudget[],
): Promise<Map<number, PotInBudget[]>> {
  const shares =
    used ?? (await usedInBudgets(tx, zoneId, moneyPerCommission(zoneId, sql`c."budgetId" in (${budgets})`)));
  const usedOf = new Map<string, number>();
  for (const u of shares) {
    const key = `${u.budgetId}:${u.potId}`;
    usedOf.set(key, (usedOf.get(key) ?? 0) + u.committedPence + u.spentPence);
  }
  const rows = rowsOf(
    await tx.execute(sql`
      select "budgetId", "fundingPotId" as "potId",
        sum(case when "kind"::text in ('ALLOCATE', 'CARRY_IN') then "amountPence" else -"amountPence" end)::bigint as "held"
      from "ledger_entries"
      where "budgetId" in (${budgets}) and "kind"::text in ('ALLOCATE', 'CARRY_IN', 'CARRY_OUT', 'RETURN')
      group by 1, 2
      having sum(case when "kind"::text in ('ALLOCATE', 'CARRY_IN') then "amountPence" else -"amountPence" end) > 0
      order by 1, 2`),
  );
  const byBudget = new Map<number, PotInBudget[]>();
  for (const r of rows) {
    const list = byBudget.get(Number(r.budgetId)) ?? [];
    const held = Number(r.held);
    list.push({
      potId: Number(r.potId),
      heldPence: held,
      unusedPence: held - (usedOf.get(`${r.budgetId}:${r.potId}`) ?? 0),
    });
    byBudget.set(Number(r.budgetId), list);
  }
  return byBudget;
}

/**
 * `amountPence` leaving a budget, split across its pots by what each leaves unused (largest
 * remainder; ties: the older pot), never more than a pot holds. Parts of 0 are left out.
 */
export function splitLeaving(amountPence: number, pots: PotInBudget[], budgetId: number): LeavingPart[] {
  const held = pots.reduce((t, p) => t + p.heldPence, 0);
  // Cannot happen while the ledger reconciles (a budget's pots hold all it was allocated).
  if (held < amountPence) throw new Error(`Budget ${budgetId} holds less than the ${amountPence}p leaving it`);
  const unused = pots.map((p) => ({ key: p.potId, weight: Math.max(0, Math.min(p.unusedPence, p.heldPence)) }));
  // The unused parts cover what leaves while the ledger reconciles; by what each holds otherwise.
  const weights =
    unused.reduce((t, w) => t + w.weight, 0) >= amountPence
      ? unused
      : pots.map((p) => ({ key: p.potId, weight: p.heldPence }));
  const shares = largestRemainder(amountPence, weights);
  return pots.map((p) => ({ potId: p.potId, amountPence: shares.get(p.potId) ?? 0 })).filter((p) => p.amountPence > 0);
}
