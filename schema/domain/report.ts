import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { rowsOf } from './rows';

type Row = Record<string, unknown>;

export type SpendDimension = 'source' | 'school' | 'district' | 'category' | 'provider';
export type SpendRow = { label: string; committedPence: number; spentPence: number; commissions: number };

// Live commissions hold committed (reserved) money; completed ones hold spend.
const COMMITTED = sql`case when c."status" in ('REQUESTED','APPROVED','ACCEPTED') then c."amountPence" else 0 end`;
const SPENT = sql`case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else 0 end`;

const GROUPS: Record<
  Exclude<SpendDimension, 'source'>,
  { label: ReturnType<typeof sql>; joins: ReturnType<typeof sql> }
> = {
  school: {
    label: sql`s."name"`,
    joins: sql`join "children" ch on ch."id" = c."childId" join "schools" s on s."id" = ch."schoolId"`,
  },
  district: {
    label: sql`d."name"`,
    joins: sql`join "children" ch on ch."id" = c."childId" join "schools" s on s."id" = ch."schoolId" join "districts" d on d."id" = s."districtId"`,
  },
  // A listing's first category, rolled up to its top level.
  category: {
    label: sql`coalesce(p."name", cat."name")`,
    joins: sql`join lateral (select sc."categoryId" from "service_categories" sc where sc."serviceId" = c."serviceId" order by sc."categoryId" limit 1) first on true
      join "categories" cat on cat."id" = first."categoryId" left join "categories" p on p."id" = cat."parentId"`,
  },
  provider: { label: sql`o."name"`, joins: sql`join "organisations" o on o."id" = c."organisationId"` },
};

/** Spend for one zone and budget period, grouped by one dimension, largest first. */
export async function spendBy(db: Db, zoneId: number, period: string, dimension: SpendDimension): Promise<SpendRow[]> {
  if (dimension === 'source') {
    // Budgets pool several pots, so each child's commitments and spend are attributed to
    // sources in proportion to what each source allocated to that child.
    const rows = rowsOf(
      await db.execute(sql`
        with shares as (
          select a."budgetId", p."source", sum(a."amountPence")::float / nullif(b."allocatedPence", 0) as share
          from "allocations" a join "funding_pots" p on p."id" = a."fundingPotId" join "child_budgets" b on b."id" = a."budgetId"
          where p."zoneId" = ${zoneId} and p."period" = ${period}
          group by a."budgetId", p."source", b."allocatedPence"
        ), money as (
          select c."budgetId", sum(${COMMITTED}) as committed, sum(${SPENT}) as spent, count(*) as n
          from "commissions" c join "child_budgets" b on b."id" = c."budgetId"
          where c."zoneId" = ${zoneId} and b."period" = ${period} group by c."budgetId"
        )
        select s."source" as label, round(sum(coalesce(m.committed, 0) * s.share))::int as "committedPence",
          round(sum(coalesce(m.spent, 0) * s.share))::int as "spentPence", coalesce(sum(m.n), 0)::int as commissions
        from shares s left join money m on m."budgetId" = s."budgetId"
        group by s."source" order by "spentPence" desc, "committedPence" desc, label`),
    );
    return rows.map(toRow);
  }
  const g = GROUPS[dimension];
  const rows = rowsOf(
    await db.execute(sql`
      select ${g.label} as label, sum(${COMMITTED})::int as "committedPence", sum(${SPENT})::int as "spentPence", count(*)::int as commissions
      from "commissions" c join "child_budgets" b on b."id" = c."budgetId" ${g.joins}
      where c."zoneId" = ${zoneId} and b."period" = ${period}
      group by 1 order by "spentPence" desc, "committedPence" desc, label`),
  );
  return rows.map(toRow);
}

const toRow = (r: Row): SpendRow => ({
  label: String(r.label),
  committedPence: Number(r.committedPence),
  spentPence: Number(r.spentPence),
  commissions: Number(r.commissions),
});

/** Every commission of the zone and period, pseudonymised (child reference, never names), for finance. */
export async function commissionExportRows(db: Db, zoneId: number, period: string) {
  return rowsOf(
    await db.execute(sql`
      select c."id" as "commissionId", c."reference" as "reference", ch."reference" as "childReference", s."name" as "school", d."name" as "district",
        sv."name" as "service", o."name" as "provider", c."status", c."units", c."unitPricePence", c."amountPence",
        c."unitsDelivered", case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else 0 end as "spentPence",
        to_char(c."createdAt" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "raisedAt"
      from "commissions" c
      join "child_budgets" b on b."id" = c."budgetId"
      join "children" ch on ch."id" = c."childId" join "schools" s on s."id" = ch."schoolId" join "districts" d on d."id" = s."districtId"
      join "services" sv on sv."id" = c."serviceId" join "organisations" o on o."id" = c."organisationId"
      where c."zoneId" = ${zoneId} and b."period" = ${period}
      order by c."id"`),
  );
}
