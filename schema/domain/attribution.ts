import { type SQL, sql } from 'drizzle-orm';

/**
 * Splits whole pence across weights by the largest-remainder method: each share is the floor
 * of its exact proportion, and the pence left over go one each to the largest remainders (ties:
 * the earlier key). The shares always sum to total exactly; with no positive weight, nothing is
 * split and every share is 0 (the caller decides what that means).
 */
export function largestRemainder<K>(total: number, weights: { key: K; weight: number }[]): Map<K, number> {
  if (!Number.isSafeInteger(total) || total < 0) throw new RangeError('The total must be a whole number of pence');
  // Weights may be decimals (a deprivation index): scale them to integers so the arithmetic is exact.
  const scale = 10 ** Math.max(0, ...weights.map((w) => decimals(w.weight)));
  const shares = splitExact(
    BigInt(total),
    weights.map((w) => BigInt(Math.round(Math.max(0, w.weight) * scale))),
  );
  return new Map(weights.map((w, i) => [w.key, shares[i]!]));
}

/** largestRemainder over exact integer weights, in order (ties: the earlier one); all 0 when no weight is positive. */
export function splitExact(total: bigint, weights: bigint[]): number[] {
  const denominator = weights.reduce((t, w) => t + (w > 0n ? w : 0n), 0n);
  if (denominator === 0n) return weights.map(() => 0);
  const parts = weights.map((w, i) => {
    const exact = total * (w > 0n ? w : 0n);
    return { i, floor: exact / denominator, remainder: exact % denominator };
  });
  let left = total - parts.reduce((t, p) => t + p.floor, 0n);
  const order = [...parts].sort((a, b) =>
    a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1,
  );
  for (const p of order) {
    if (left <= 0n) break;
    p.floor += 1n;
    left -= 1n;
  }
  return parts.map((p) => Number(p.floor));
}

function decimals(n: number): number {
  const s = String(n);
  if (s.includes('e')) throw new RangeError('Give weights as plain decimals');
  return s.includes('.') ? s.length - s.indexOf('.') - 1 : 0;
}

/** What a funding source is called when a child's budget holds money from no pot at all. */
export const UNATTRIBUTED = 'UNATTRIBUTED';

/**
 * Each commission's committed and spent pence attributed to funding sources in whole pence: in
 * proportion to what each source put into the child's budget: its allocations, plus money carried
 * in from a closed period (CARRY_IN, under the pot it first came from). What leaves at a close
 * (CARRY_OUT, RETURN) leaves in the same proportion (period-close.ts, period-release.ts), so the
 * shares, and every report of a closed period, stay as they were before the close. Carried money
 * stays with its funders; no source is shown paying for more than it put in (but for a penny of
 * rounding per commission), by largest remainder (ties:
 * the source's name), so a commission's parts sum exactly to its money and every report built
 * from these rows sums exactly to the same totals as any other grouping. `primary` marks the one
 * source (the largest allocation) under which the commission is counted once.
 *
 * With by 'pot', "source" is the funding pot's id instead (district utilisation).
 * `money` must yield ("id", "budgetId", "committed", "spent") per commission.
 */
export function attributedSql(
  zoneId: number,
  money: SQL,
  by: 'source' | 'pot' = 'source',
  /** Read only the budgets of `money`'s commissions (a page of an export), not the zone's every budget. */
  options: { onlyMoneyBudgets?: boolean } = {},
): SQL {
  return sql`
    with "money" as (${money}), ${fundersSql(zoneId, by, options)}, "parts" as (
      select m."id", coalesce(a."source", ${UNATTRIBUTED}) as "source", m."committed"::bigint as "committed",
        m."spent"::bigint as "spent", coalesce(a."amt", 0) as "amt",
        case when f."total" is null then m."committed"::bigint else m."committed"::bigint * a."amt" / f."total" end as "cFloor",
        case when f."total" is null then 0 else m."committed"::bigint * a."amt" % f."total" end as "cRem",
        case when f."total" is null then m."spent"::bigint else m."spent"::bigint * a."amt" / f."total" end as "sFloor",
        case when f."total" is null then 0 else m."spent"::bigint * a."amt" % f."total" end as "sRem"
      from "money" m left join "funded" f on f."budgetId" = m."budgetId" left join "alloc" a on a."budgetId" = m."budgetId"
    ), "ranked" as (
      select *,
        row_number() over (partition by "id" order by "cRem" desc, "source") as "cRank",
        "committed" - sum("cFloor") over (partition by "id") as "cLeft",
        row_number() over (partition by "id" order by "sRem" desc, "source") as "sRank",
        "spent" - sum("sFloor") over (partition by "id") as "sLeft",
        row_number() over (partition by "id" order by "amt" desc, "source") = 1 as "primary"
      from "parts"
    )
    select "id", "source", ("cFloor" + case when "cRank" <= "cLeft" then 1 else 0 end)::bigint as "committedPence",
      ("sFloor" + case when "sRank" <= "sLeft" then 1 else 0 end)::bigint as "spentPence", "primary"
    from "ranked"`;
}

/**
 * The same attribution as attributedSql, summed: ("source", "committedPence", "spentPence",
 * "commissions"), and "budgetId" first with perBudget. Every source of a budget with commissions
 * has a row (0 where it paid nothing), and "commissions" counts each commission once, under its
 * primary source, as attributedSql's "primary" does.
 *
 * Built for reports over a whole zone: a split depends only on the budget and the amount, so it
 * is worked out once per distinct (budget, amount) and multiplied by how many commissions share
 * them, and only for the money a commission holds (committed or spent, never both), in one window
 * sort. `money` must yield ("budgetId", "committed", "spent") per commission.
 */
export function attributedTotalsSql(
  zoneId: number,
  money: SQL,
  by: 'source' | 'pot' = 'source',
  options: { onlyMoneyBudgets?: boolean; perBudget?: boolean } = {},
): SQL {
  const key = options.perBudget ? sql`"budgetId", "source"` : sql`"source"`;
  const groupAndSplit = sql`partition by m."budgetId", m."held", m."x"`;
  return sql`
    with "money" as materialized (${money}), ${fundersSql(zoneId, by, options)}, "amounts" as (
      select "budgetId", 'c' as "held", "committed"::bigint as "x", count(*) as "n" from "money" where "committed" > 0 group by 1, 3
      union all
      select "budgetId", 's', "spent"::bigint, count(*) from "money" where "spent" > 0 group by 1, 3
    ), "shares" as (
      select m."budgetId", a."source", m."held", m."n" * (m."x" * a."amt" / f."total"
        + case when row_number() over (${groupAndSplit} order by m."x" * a."amt" % f."total" desc, a."source")
          <= m."x" - sum(m."x" * a."amt" / f."total") over (${groupAndSplit}) then 1 else 0 end) as "pence"
      from "amounts" m join "funded" f on f."budgetId" = m."budgetId" join "alloc" a on a."budgetId" = m."budgetId"
      union all
      select m."budgetId", ${UNATTRIBUTED}, m."held", m."n" * m."x" from "amounts" m
      where not exists (select from "funded" f where f."budgetId" = m."budgetId")
    ), "counted" as (
      select b."budgetId", coalesce(a."source", ${UNATTRIBUTED}) as "source",
        case when a."source" is null or row_number() over (partition by b."budgetId" order by a."amt" desc, a."source") = 1
          then b."n" else 0 end as "n"
      from (select "budgetId", count(*) as "n" from "money" group by 1) b left join "alloc" a on a."budgetId" = b."budgetId"
    )
    select ${key}, sum("committed")::bigint as "committedPence", sum("spent")::bigint as "spentPence", sum("n")::bigint as "commissions"
    from (
      select ${key}, case when "held" = 'c' then "pence" else 0 end as "committed", case when "held" = 's' then "pence" else 0 end as "spent", 0 as "n"
      from "shares"
      union all
      select ${key}, 0, 0, "n" from "counted"
    ) t
    group by ${key}`;
}

/**
 * Every sum of money put into a child's budget, as ("budgetId", "fundingPotId", "amountPence"):
 * its allocations, and money carried in from a closed period (CARRY_IN) under the pot it first came
 * from. Attribution weighs a budget's funders by these, and so does a payment line's cost centre.
 */
export function moneyInSql(zoneId: number): SQL {
  return sql`select "budgetId", "fundingPotId", "amountPence" from "allocations"
    union all
    select "budgetId", "fundingPotId", "amountPence" from "ledger_entries" where "zoneId" = ${zoneId} and "kind" = 'CARRY_IN'`;
}

/**
 * "alloc": what each source put into each budget (allocations, plus money carried in from a closed
 * period under the pot it first came from), and "funded": each budget's total of those.
 */
function fundersSql(zoneId: number, by: 'source' | 'pot', options: { onlyMoneyBudgets?: boolean }): SQL {
  const budgets = options.onlyMoneyBudgets ? sql`and a."budgetId" in (select "budgetId" from "money")` : sql``;
  return sql`"alloc" as (
      select a."budgetId", ${by === 'pot' ? sql`p."id"::text` : sql`p."source"::text`} as "source", sum(a."amountPence")::bigint as "amt"
      from (${moneyInSql(zoneId)}) a join "funding_pots" p on p."id" = a."fundingPotId"
      where p."zoneId" = ${zoneId} ${budgets} group by 1, 2 having sum(a."amountPence") > 0
    ), "funded" as (
      select "budgetId", sum("amt")::bigint as "total" from "alloc" group by "budgetId"
    )`;
}
