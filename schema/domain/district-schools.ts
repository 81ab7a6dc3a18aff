import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { rowsOf } from './rows';

export type SchoolBudget = {
  schoolId: number;
  schoolName: string;
  districtId: number;
  districtName: string;
  children: number;
  allocatedPence: number;
  reservedPence: number;
  spentPence: number;
};

/**
 * Per school, for one budget period: how many of its children are in the programme (ACTIVE) now,
 * and the period's budgets of all its children added up, including those who completed or left
 * this period: what was reserved or spent on them stays (the school page counts it too), while
 * their unspent money is not available to anyone (it goes back to its pots when the period
 * closes), so for them allocated = reserved + spent. One statement
 * grouped by school, a page of schools by name, so the figures are exact however many children a
 * district has. A school with no children yet is a row of zeros. `districtId` null: every school.
 */
export async function districtSchoolBudgets(
  db: Db,
  zoneId: number,
  period: string,
  districtId: number | null,
  page: { limit: number; offset: number },
): Promise<SchoolBudget[]> {
  const only = districtId === null ? sql`` : sql`and s."districtId" = ${districtId}`;
  const rows = rowsOf(
    await db.execute(sql`
      select s."id", s."name", d."id" as "districtId", d."name" as "districtName",
        count(c."id") filter (where c."status" = 'ACTIVE')::int as "children",
        coalesce(sum(case when c."status" = 'ACTIVE' then b."allocatedPence"
          else b."reservedPence" + b."spentPence" end), 0)::bigint as "allocated",
        coalesce(sum(b."reservedPence"), 0)::bigint as "reserved",
        coalesce(sum(b."spentPence"), 0)::bigint as "spent"
      from "schools" s
      join "districts" d on d."id" = s."districtId"
      left join ("children" c left join "child_budgets" b on b."childId" = c."id" and b."period" = ${period})
        on c."schoolId" = s."id" and c."zoneId" = ${zoneId} and (c."status" = 'ACTIVE' or b."id" is not null)
      where s."zoneId" = ${zoneId} ${only}
      group by s."id", s."name", d."id", d."name"
      order by s."name", s."id"
      limit ${page.limit} offset ${page.offset}`),
  );
  return rows.map((r) => ({
    schoolId: Number(r.id),
    schoolName: String(r.name),
    districtId: Number(r.districtId),
    districtName: String(r.districtName),
    children: Number(r.children),
    allocatedPence: Number(r.allocated),
    reservedPence: Number(r.reserved),
    spentPence: Number(r.spent),
  }));
}
