import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { attributedTotalsSql } from './attribution';
import { moneyPerCommission, windowSql } from './report';
import { rowsOf } from './rows';

export type Utilisation = {
  districtId: number;
  name: string;
  fundedPence: number;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  leftPence: number;
  shareUsed: number;
};

/**
 * Per district, for one budget period: what its district pots hold (funded), what has gone to
 * children's budgets (allocated), and what is committed and spent: the commissions those pots pay
 * for (attributed in whole pence by pot, as spend by source is) and the block contracts signed
 * against them (committed at signing, less places released; a paid instalment counts as spent), so
 * funded less committed and spent agrees with the pots' own remaining money. Left is funded less
 * committed and spent; shareUsed is the fraction committed or spent (0 with no funding).
 *
 * Money carried into this period's budgets from a closed year's district pot (CARRY_FORWARD) counts
 * as funded and allocated here: it is this year's money to spend for the district's children, and
 * its commissions are this year's, so the period reads whole (never more committed than funded).
 * The closed year keeps its own figures: there the carried money is simply what was left.
 */
export async function districtUtilisation(
  db: Db,
  zoneId: number,
  period: string,
  onlyDistrictId?: number | null,
): Promise<Utilisation[]> {
  const only = onlyDistrictId ? sql`and d."id" = ${onlyDistrictId}` : sql``;
  const rows = rowsOf(
    await db.execute(sql`
      with "money" as (
        select p."districtId", sum(x."committedPence")::bigint as "committed", sum(x."spentPence")::bigint as "spent"
        from (${attributedTotalsSql(zoneId, moneyPerCommission(zoneId, windowSql({ period })), 'pot')}) x
        join "funding_pots" p on p."id"::text = x."source" where p."districtId" is not null group by p."districtId"
      ), "pots" as (
        select p."districtId", sum(p."totalPence")::bigint as "funded", sum(p."allocatedPence")::bigint as "allocated",
          sum(p."contractCommittedPence")::bigint as "contracted"
        from "funding_pots" p
        where p."zoneId" = ${zoneId} and p."period" = ${period} and p."districtId" is not null group by p."districtId"
      ), "paid" as (
        select p."districtId", sum(l."amountPence")::bigint as "paid"
        from "ledger_entries" l join "funding_pots" p on p."id" = l."fundingPotId"
        where l."zoneId" = ${zoneId} and l."kind" = 'PAID' and l."contractId" is not null
          and p."period" = ${period} and p."districtId" is not null
        group by p."districtId"
      ), "carried" as (
        select p."districtId", sum(l."amountPence")::bigint as "carried"
        from "ledger_entries" l
          join "child_budgets" b on b."id" = l."budgetId" and b."period" = ${period}
          join "funding_pots" p on p."id" = l."fundingPotId"
        where l."zoneId" = ${zoneId} and l."kind" = 'CARRY_IN' and p."districtId" is not null
        group by p."districtId"
      )
      select d."id", d."name", coalesce(p."funded", 0) + coalesce(c."carried", 0) as "funded",
        coalesce(p."allocated", 0) + coalesce(c."carried", 0) as "allocated",
        coalesce(m."committed", 0) + coalesce(p."contracted", 0) - coalesce(k."paid", 0) as "committed",
        coalesce(m."spent", 0) + coalesce(k."paid", 0) as "spent"
      from "districts" d
      left join "pots" p on p."districtId" = d."id"
      left join "money" m on m."districtId" = d."id"
      left join "paid" k on k."districtId" = d."id"
      left join "carried" c on c."districtId" = d."id"
      where d."zoneId" = ${zoneId} ${only}
      order by d."name", d."id"`),
  );
  return rows.map((r) => {
    const [funded, committed, spent] = [Number(r.funded), Number(r.committed), Number(r.spent)];
    return {
      districtId: Number(r.id),
      name: String(r.name),
      fundedPence: funded,
      allocatedPence: Number(r.allocated),
      committedPence: committed,
      spentPence: spent,
      leftPence: funded - committed - spent,
      shareUsed: funded > 0 ? (committed + spent) / funded : 0,
    };
  });
}
