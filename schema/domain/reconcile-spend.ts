import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { attributedSql } from './attribution';
import { moneyPerCommission } from './report';
import { rowsOf } from './rows';

type Difference = { kind: 'budget spend by source'; id: number; field: string; stored: number; ledger: number };

/**
 * Each budget's spend by source as kept (budget_source_spend) against the same attribution worked
 * out commission by commission (attributedSql, as the CSV export shows it), summed: a row missing
 * on either side, or any figure that differs, is a difference (id: the budget).
 */
export async function spendBySourceDifferences(db: Db): Promise<Difference[]> {
  const zones = rowsOf(await db.execute(sql`select "id" from "zones" order by "id"`));
  const out: Difference[] = [];
  for (const { id } of zones) {
    const zoneId = Number(id);
    const rows = rowsOf(
      await db.execute(sql`
        with "derived" as (
          select c."budgetId", x."source", sum(x."committedPence")::bigint as "committed",
            sum(x."spentPence")::bigint as "spent", count(*) filter (where x."primary")::bigint as "n"
          from (${attributedSql(zoneId, moneyPerCommission(zoneId, sql`true`))}) x
          join "commissions" c on c."id" = x."id"
          group by 1, 2
        ), "kept" as (
          select s.* from "budget_source_spend" s join "child_budgets" b on b."id" = s."budgetId" where b."zoneId" = ${zoneId}
        )
        select coalesce(d."budgetId", k."budgetId") as "budgetId", coalesce(d."source", k."source") as "source",
          k."committedPence" as "keptCommitted", d."committed", k."spentPence" as "keptSpent", d."spent",
          k."commissions" as "keptN", d."n"
        from "derived" d full join "kept" k on k."budgetId" = d."budgetId" and k."source" = d."source"
        where (k."committedPence", k."spentPence", k."commissions"::bigint) is distinct from (d."committed", d."spent", d."n")
        order by 1, 2`),
    );
    for (const r of rows)
      for (const [field, stored, derived] of [
        ['committedPence', r.keptCommitted, r.committed],
        ['spentPence', r.keptSpent, r.spent],
        ['commissions', r.keptN, r.n],
      ] as const)
        if (stored == null || derived == null || Number(stored) !== Number(derived))
          out.push({
            kind: 'budget spend by source',
            id: Number(r.budgetId),
            field: `${r.source} ${field}`,
            stored: Number(stored ?? 0),
            ledger: Number(derived ?? 0),
          });
  }
  return out;
}
