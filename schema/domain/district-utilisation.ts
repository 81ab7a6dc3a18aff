import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { attributedSql } from './attribution';
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
 * children's budgets (allocated), and of the commissions those pots pay for, what is committed
 * and spent (attributed in whole pence by pot, as spend by source is). Left is funded less
 * committed and spent; shareUsed is the fraction committed or spent (0 with no funding).
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
        from (${attributedSql(zoneId, moneyPerCommission(zoneId, windowSql({ period })), 'pot')}) x
        join "funding_pots" p on p."id"::text = x."source" where p."districtId" is not null group by p."districtId"
      )
      select d."id", d."name", coalesce(sum(p."totalPence"), 0)::int as "funded", coalesce(sum(p."allocatedPence"), 0)::int as "allocated",
        coalesce(max(m."committed"), 0)::int as "committed", coalesce(max(m."spent"), 0)::int as "spent"
      from "districts" d
      left join "funding_pots" p on p."districtId" = d."id" and p."period" = ${period}
      left join "money" m on m."districtId" = d."id"
      where d."zoneId" = ${zoneId} ${only}
      group by d."id", d."name" order by d."name", d."id"`),
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
