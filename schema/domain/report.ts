import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { fundingSourceEnum } from '../../drizzle/tables/enums';
import { attributedSql, attributedTotalsSql, UNATTRIBUTED } from './attribution';
import { isCalendarDateText } from './calendar-date';
import { ValidationError } from './errors';
import { periodDates } from './periods';
import { rowsOf } from './rows';

type Row = Record<string, unknown>;

export type SpendDimension = 'source' | 'school' | 'district' | 'category' | 'provider';

/**
 * Which commissions a report covers: those of one budget period, and/or those raised between two
 * dates (inclusive, UTC). With neither, the caller passes the zone's current period.
 */
export type SpendWindow = { period?: string | null; from?: string | null; to?: string | null };

/** Checks a window as asked for (GraphQL arguments or a URL's query); none at all means the current period. */
export function spendWindow(asked: SpendWindow, current: string): SpendWindow {
  const { period, from, to } = asked;
  // A label whose second year is not the next one (2026-28) is no period: it read as one with no spend.
  if (period && !periodDates(period)) throw ValidationError.field(['period'], 'The period looks like 2026-27');
  for (const [key, value] of [
    ['from', from],
    ['to', to],
  ] as const)
    if (value && !isCalendarDateText(value)) throw ValidationError.field([key], 'Give a real date, like 2026-11-30');
  if (from && to && from > to) throw ValidationError.field(['to'], 'The end date must be on or after the start date');
  return period || from || to ? { period: period || null, from: from || null, to: to || null } : { period: current };
}

/** The window as SQL over a commission c and its budget b. */
export function windowSql(w: SpendWindow) {
  const parts = [sql`true`];
  if (w.period) parts.push(sql`b."period" = ${w.period}`);
  if (w.from) parts.push(sql`c."createdAt" >= ${w.from}::date`);
  if (w.to) parts.push(sql`c."createdAt" < ${w.to}::date + 1`);
  return sql.join(parts, sql` and `);
}

/** The zone's budget periods, newest first (always including the current one). */
export async function spendPeriods(db: Db, zoneId: number, current: string): Promise<string[]> {
  const rows = rowsOf(
    await db.execute(sql`
      select distinct "period" from "funding_pots" where "zoneId" = ${zoneId}
      union select ${current}::text order by 1 desc`),
  );
  return rows.map((r) => String(r.period));
}
export type SpendRow = {
  label: string;
  committedPence: number;
  spentPence: number;
  commissions: number;
  /** Distinct children (not for the source grouping, where money is attributed, not counted). */
  children?: number;
};

// Live commissions hold committed (reserved) money; completed ones hold spend.
const COMMITTED = sql`case when c."status" in ('REQUESTED','APPROVED','ACCEPTED') then c."amountPence" else 0 end`;
const SPENT = sql`case when c."status" = 'COMPLETED' then c."unitsDelivered" * c."unitPricePence" else 0 end`;

/**
 * Each commission of the zone and window with its committed and spent pence (for attribution.ts).
 * A commission's budget is always its zone's: the join says so (b."zoneId"), so the planner reads
 * the zone's budgets off child_budgets_zone_period instead of scanning every zone's.
 */
export const moneyPerCommission = (zoneId: number, within: ReturnType<typeof sql>) => sql`
  select c."id", c."budgetId", ${COMMITTED} as "committed", ${SPENT} as "spent"
  from "commissions" c join "child_budgets" b on b."id" = c."budgetId" and b."zoneId" = ${zoneId}
  where c."zoneId" = ${zoneId} and ${within}`;

const GROUPS: Record<'category' | 'provider', { label: ReturnType<typeof sql>; joins: ReturnType<typeof sql> }> = {
  // A listing's first category, rolled up to its top level.
  category: {
    label: sql`coalesce(p."name", cat."name")`,
    joins: sql`join lateral (select sc."categoryId" from "service_categories" sc where sc."serviceId" = c."serviceId" order by sc."categoryId" limit 1) first on true
      join "categories" cat on cat."id" = first."categoryId" left join "categories" p on p."id" = cat."parentId"`,
  },
  provider: { label: sql`o."name"`, joins: sql`join "organisations" o on o."id" = c."organisationId"` },
};

/** Spend for one zone and window, grouped by one dimension, largest first. */
export async function spendBy(
  db: Db,
  zoneId: number,
  window: SpendWindow,
  dimension: SpendDimension,
  /** Only the commissions for children at this school (a school lead's view). */
  schoolId?: number,
): Promise<SpendRow[]> {
  const within = schoolId == null ? windowSql(window) : sql`${windowSql(window)} and ${atSchool(schoolId)}`;
  // A whole period is summed from each budget's attribution, kept as money moves
  // (budget_source_spend); dates within a period are worked out from the window's commissions.
  const kept =
    window.period && !window.from && !window.to
      ? sql`select b."childId", s."source", s."committedPence", s."spentPence", s."commissions"
          from "budget_source_spend" s join "child_budgets" b on b."id" = s."budgetId"
          where b."zoneId" = ${zoneId} and b."period" = ${window.period}
            ${schoolId == null ? sql`` : sql`and ${atSchool(schoolId, sql`b."childId"`)}`}`
      : null;
  if (dimension === 'source') {
    // Budgets pool several pots: each commission's money is attributed to the sources that funded
    // the child, in whole pence (attribution.ts), so the sources sum exactly to every other grouping.
    // A commission is counted once, under the source that gave the child most.
    const rows = rowsOf(
      await db.execute(sql`
        select "source" as label, sum("committedPence")::bigint as "committedPence", sum("spentPence")::bigint as "spentPence",
          sum("commissions")::int as commissions
        from (${kept ?? attributedTotalsSql(zoneId, moneyPerCommission(zoneId, within))}) x
        group by 1 order by "spentPence" desc, "committedPence" desc, label`),
    );
    return rows.map(toRow);
  }
  if (dimension === 'school' || dimension === 'district') {
    // Both follow the child: summed per child first (a child has one budget a period), each child
    // is then one row, so counting children needs no sort of the commissions.
    const perChild = kept
      ? sql`select "childId", sum("committedPence") as "committed", sum("spentPence") as "spent", sum("commissions") as "n"
          from (${kept}) x group by 1`
      : sql`select c."childId", sum(${COMMITTED}) as "committed", sum(${SPENT}) as "spent", count(*) as "n"
          from "commissions" c join "child_budgets" b on b."id" = c."budgetId" and b."zoneId" = ${zoneId}
          where c."zoneId" = ${zoneId} and ${within} group by 1`;
    const district = dimension === 'district';
    const rows = rowsOf(
      await db.execute(sql`
        select ${district ? sql`d."name"` : sql`s."name"`} as label, sum(k."committed")::bigint as "committedPence",
          sum(k."spent")::bigint as "spentPence", sum(k."n")::int as commissions, count(*)::int as "children"
        from (${perChild}) k
        join "children" ch on ch."id" = k."childId" join "schools" s on s."id" = ch."schoolId"
        ${district ? sql`join "districts" d on d."id" = s."districtId"` : sql``}
        group by 1 order by "spentPence" desc, "committedPence" desc, label`),
    );
    return rows.map(toRow);
  }
  const g = GROUPS[dimension];
  const rows = rowsOf(
    await db.execute(sql`
      select ${g.label} as label, sum(${COMMITTED})::bigint as "committedPence", sum(${SPENT})::bigint as "spentPence", count(*)::int as commissions,
        count(distinct c."childId")::int as "children"
      from "commissions" c join "child_budgets" b on b."id" = c."budgetId" and b."zoneId" = ${zoneId} ${g.joins}
      where c."zoneId" = ${zoneId} and ${within}
      group by 1 order by "spentPence" desc, "committedPence" desc, label`),
  );
  return rows.map(toRow);
}

const atSchool = (schoolId: number, child = sql`c."childId"`) =>
  sql`${child} in (select ch2."id" from "children" ch2 where ch2."schoolId" = ${schoolId})`;

const toRow = (r: Row): SpendRow => ({
  label: String(r.label),
  committedPence: Number(r.committedPence),
  spentPence: Number(r.spentPence),
  commissions: Number(r.commissions),
  ...(r.children != null ? { children: Number(r.children) } : {}),
});

// The reason a commission was closed (rejected, declined or cancelled): its closing event's note.
const CLOSING_REASON = sql`(select e."note" from "commission_events" e where e."commissionId" = c."id"
  and e."toStatus" in ('REJECTED', 'DECLINED', 'CANCELLED', 'EXPIRED') order by e."id" desc limit 1)`;
/**
 * The CSV's columns for each funding source: the commission's money (committed or spent) that the
 * source paid for, in pounds, attributed exactly as spendReport(by: source) does, so these columns
 * sum to that report and each row's sum to the row's committed or spent money.
 */
export const SOURCE_COLUMNS = [...fundingSourceEnum.enumValues, UNATTRIBUTED].map(
  (source) =>
    [
      source,
      `source${source
        .toLowerCase()
        .split('_')
        .map((w) => (w === 'dsg' ? 'DSG' : w[0]!.toUpperCase() + w.slice(1)))
        .join('')}Pounds`,
    ] as const,
);
const pounds = (pence: ReturnType<typeof sql>) => sql`to_char((${pence}) / 100.0, 'FM999999990.00')`;

/** How many commissions the CSV export reads a statement: memory stays flat whatever the zone's size. */
export const EXPORT_PAGE_SIZE = 2000;

/**
 * One page of the zone's commissions in the window, after commission id `afterId`, pseudonymised
 * (child reference, never names), for finance: amounts in pounds ("45.00"), the link worker's
 * reasons and why it closed. One statement a page; the funding-source attribution covers only the
 * page's commissions and their budgets, so every page costs the same however large the zone is.
 */
export async function commissionExportPage(
  db: Db,
  zoneId: number,
  window: SpendWindow,
  afterId: number,
  limit = EXPORT_PAGE_SIZE,
) {
  const within = windowSql(window);
  // The page's last id, found first (an uncorrelated subquery, run once); its c and b are its own.
  const page = sql`${within} and c."id" > ${afterId} and c."id" <= (select max(p."id") from (
    select c."id" from "commissions" c join "child_budgets" b on b."id" = c."budgetId"
    where c."zoneId" = ${zoneId} and ${within} and c."id" > ${afterId} order by c."id" limit ${limit}) p)`;
  const bySource = sql.join(
    SOURCE_COLUMNS.map(
      ([source, column]) =>
        sql`${pounds(sql`coalesce(sum(x."committedPence" + x."spentPence") filter (where x."source" = ${source}), 0)`)} as ${sql.identifier(column)}`,
    ),
    sql`, `,
  );
  return rowsOf(
    await db.execute(sql`
      select c."id" as "commissionId", c."reference" as "commissionReference", ch."reference" as "childReference",
        s."name" as "school", d."name" as "district", sv."name" as "service", o."name" as "provider", c."status", b."period",
        c."units", ${pounds(sql`c."unitPricePence"`)} as "unitPricePounds", ${pounds(sql`c."amountPence"`)} as "amountPounds",
        c."unitsDelivered", ${pounds(SPENT)} as "spentPounds",
        to_char(c."createdAt" at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as "raisedAt",
        c."rationale", coalesce(${CLOSING_REASON}, '') as "closingReason", src.*
      from "commissions" c
      join (select x."id" as "attributedId", ${bySource}
        from (${attributedSql(zoneId, moneyPerCommission(zoneId, page), 'source', { onlyMoneyBudgets: true })}) x
        group by x."id") src on src."attributedId" = c."id"
      join "child_budgets" b on b."id" = c."budgetId"
      join "children" ch on ch."id" = c."childId" join "schools" s on s."id" = ch."schoolId" join "districts" d on d."id" = s."districtId"
      join "services" sv on sv."id" = c."serviceId" join "organisations" o on o."id" = c."organisationId"
      where c."zoneId" = ${zoneId} and ${page}
      order by c."id"`),
  );
}
