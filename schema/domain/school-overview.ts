import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { type Measure, SHIPPED_MEASURES } from './measures';
import { changeOf, type Share, SUPPRESS_BELOW, shareOf } from './outcomes';
import type { Score } from './reliable-change';
import { type SpendRow, type SpendWindow, spendBy } from './report';
import { rowsOf } from './rows';

// A school lead's view of their own school: never a name, a date of birth or an address; children
// as counts and pseudonymous references, money and outcomes in aggregate (outcomes suppressed below
// SUPPRESS_BELOW children, as everywhere else; categories and providers with fewer such children
// folded into one row). Every statement is scoped in SQL to the school.

export type SchoolOverview = {
  school: { id: number; name: string; districtId: number; district: string };
  references: string[];
  byYearGroup: { yearGroup: number; children: number }[];
  total: SpendRow;
  byCategory: SpendRow[];
  byProvider: SpendRow[];
  outcomes: { measure: Measure; cohort: Share | null; suppressed: boolean };
};

/** The headline measure (SDQ total difficulties) for the outcomes figure. */
const HEADLINE = SHIPPED_MEASURES.find((m) => m.code === 'SDQ_TOTAL') ?? SHIPPED_MEASURES[0]!;

/** The label of the row that stands for every category or provider with fewer than 10 of the school's children. */
export const OTHER_LABEL = `Other (fewer than ${SUPPRESS_BELOW} children each)`;

/**
 * A category or provider with fewer than 10 of the school's children would tell a head teacher what
 * help a child they know is getting: such rows are added together into one unlabelled row, so the
 * rows still add up to the school's total and no category or provider is named for a small group.
 */
export function foldSmall(rows: SpendRow[]): SpendRow[] {
  const small = rows.filter((r) => (r.children ?? 0) < SUPPRESS_BELOW);
  if (small.length === 0) return rows;
  const other = small.reduce(
    (o, r) => ({
      label: OTHER_LABEL,
      committedPence: o.committedPence + r.committedPence,
      spentPence: o.spentPence + r.spentPence,
      commissions: o.commissions + r.commissions,
    }),
    { label: OTHER_LABEL, committedPence: 0, spentPence: 0, commissions: 0 },
  );
  return [...rows.filter((r) => !small.includes(r)), other];
}

/** Six statements: the school, its children, spend in total, by category and by provider, the scores. */
export async function schoolOverview(
  db: Db,
  zoneId: number,
  schoolId: number,
  window: SpendWindow,
): Promise<SchoolOverview | null> {
  const [school] = rowsOf(
    await db.execute(sql`
      select s."id", s."name", d."id" as "districtId", d."name" as "district"
      from "schools" s join "districts" d on d."id" = s."districtId"
      where s."id" = ${schoolId} and s."zoneId" = ${zoneId}`),
  );
  if (!school) return null;
  const children = rowsOf(
    await db.execute(sql`
      select "reference", "yearGroup" from "children"
      where "schoolId" = ${schoolId} and "zoneId" = ${zoneId} and "status" = 'ACTIVE'
      order by "reference"`),
  );
  const years = new Map<number, number>();
  for (const c of children) years.set(Number(c.yearGroup), (years.get(Number(c.yearGroup)) ?? 0) + 1);
  const [total] = await spendBy(db, zoneId, window, 'school', schoolId);
  const byCategory = foldSmall(await spendBy(db, zoneId, window, 'category', schoolId));
  const byProvider = foldSmall(await spendBy(db, zoneId, window, 'provider', schoolId));

  const scoreRows = rowsOf(
    await db.execute(sql`
      select o."id", o."childId", o."item", o."score", o."measuredOn"::text as "measuredOn"
      from "outcome_measures" o join "children" ch on ch."id" = o."childId"
      where ch."schoolId" = ${schoolId} and ch."zoneId" = ${zoneId} and o."measure" = ${HEADLINE.code}`),
  );
  const scores = new Map<number, Score[]>();
  for (const r of scoreRows) {
    const list = scores.get(Number(r.childId)) ?? [];
    list.push({ id: Number(r.id), item: String(r.item), score: Number(r.score), measuredOn: String(r.measuredOn) });
    scores.set(Number(r.childId), list);
  }
  let measured = 0;
  let improved = 0;
  for (const list of scores.values()) {
    const change = changeOf(HEADLINE, list);
    if (!change) continue;
    measured++;
    if (change.classification === 'RELIABLY_IMPROVED') improved++;
  }
  const cohort = shareOf(improved, measured);

  return {
    school: {
      id: Number(school.id),
      name: String(school.name),
      districtId: Number(school.districtId),
      district: String(school.district),
    },
    references: children.map((c) => String(c.reference)),
    byYearGroup: [...years].sort(([a], [b]) => a - b).map(([yearGroup, n]) => ({ yearGroup, children: n })),
    total: total ?? { label: String(school.name), committedPence: 0, spentPence: 0, commissions: 0 },
    byCategory,
    byProvider,
    outcomes: { measure: HEADLINE, cohort, suppressed: cohort === null },
  };
}
