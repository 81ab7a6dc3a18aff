import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { isCalendarDateText } from './calendar-date';
import { ValidationError } from './errors';
import { rowsOf } from './rows';

// The unmet-need report (issue 12, point 7): over a period (UTC days, both ends included), by district
// and category, the searches that found nothing (by normalised text) and the needs recorded with no
// suitable service. Commissioners and administrators of the zone only (schema/types/unmet-need-report.ts,
// server/export.ts for the CSV).

export type UnmetNeedWindow = { from: string; to: string };
export type NoResultSearchRow = {
  queryText: string;
  districtName: string | null;
  categorySlug: string | null;
  categoryName: string | null;
  count: number;
};
export type UnmetNeedGroupRow = {
  needTag: string;
  districtName: string | null;
  count: number;
  /** Up to three, newest first: what the link workers tried. */
  triedExamples: string[];
};
export type UnmetNeedDistrictRow = { districtName: string | null; noResultSearches: number; unmetNeeds: number };
export type UnmetNeedReport = UnmetNeedWindow & {
  searches: number;
  noResultSearchCount: number;
  followedByCommission: number;
  noResultSearches: NoResultSearchRow[];
  unmetNeeds: UnmetNeedGroupRow[];
  byDistrict: UnmetNeedDistrictRow[];
};

const NO_RESULT_ROWS = 100;

/** The period asked for; by default the three months to today. */
export function unmetNeedWindow(asked: { from?: string | null; to?: string | null }, now: Date): UnmetNeedWindow {
  for (const key of ['from', 'to'] as const) {
    const v = asked[key];
    if (v && !isCalendarDateText(v)) throw ValidationError.field([key], 'Give a real date, like 2026-11-30');
  }
  const to = asked.to || now.toISOString().slice(0, 10);
  let from = asked.from;
  if (!from) {
    const d = new Date(`${to}T00:00:00Z`);
    d.setUTCMonth(d.getUTCMonth() - 3);
    from = d.toISOString().slice(0, 10);
  }
  if (from > to) throw ValidationError.field(['to'], 'The end date must be on or after the start date');
  return { from, to };
}

export async function unmetNeedReport(db: Db, zoneId: number, w: UnmetNeedWindow): Promise<UnmetNeedReport> {
  // A row logged before unknown slugs were dropped (schema/domain/search-log.ts) is read as it would be
  // logged now: its unknown slugs ignored, and left out when it named no known category at all.
  const inLog = sql`l."zoneId" = ${zoneId} and l."searchedAt" >= ${w.from}::date and l."searchedAt" < ${w.to}::date + 1
    and (cardinality(l."categorySlugs") = 0 or exists (select 1 from "categories" k where k."slug" = any(l."categorySlugs")))`;
  const inNeeds = sql`u."zoneId" = ${zoneId} and u."recordedAt" >= ${w.from}::date and u."recordedAt" < ${w.to}::date + 1`;
  const [totals] = rowsOf(
    await db.execute(sql`select count(*)::int as "searches",
        count(*) filter (where l."resultCount" = 0)::int as "none",
        count(*) filter (where l."commissionFollowed")::int as "followed"
      from "search_logs" l where ${inLog}`),
  );
  // A search in several categories counts once in each; one with none counts under no category. Only
  // categories of the taxonomy are named: never a slug as given.
  const noResult = rowsOf(
    await db.execute(sql`select l."queryText", d."name" as "districtName", c."slug" as "categorySlug",
        c."name" as "categoryName", count(*)::int as "count"
      from "search_logs" l
      left join "districts" d on d."id" = l."districtId"
      cross join lateral (
        select cat."slug", cat."name" from "categories" cat where cat."slug" = any(l."categorySlugs")
        union all select null, null where cardinality(l."categorySlugs") = 0
      ) c
      where ${inLog} and l."resultCount" = 0
      group by 1, 2, 3, 4 order by 5 desc, 1, 2 nulls last, 3 nulls last limit ${NO_RESULT_ROWS}`),
  );
  const needs = rowsOf(
    await db.execute(sql`select u."needTag", d."name" as "districtName", count(*)::int as "count",
        (array_agg(u."tried" order by u."recordedAt" desc, u."id" desc))[1:3] as "triedExamples"
      from "unmet_needs" u left join "districts" d on d."id" = u."districtId"
      where ${inNeeds}
      group by 1, 2 order by 3 desc, 1, 2 nulls last`),
  );
  const byDistrict = rowsOf(
    await db.execute(sql`select d."name" as "districtName",
        coalesce(sum(x."searches"), 0)::int as "noResultSearches", coalesce(sum(x."needs"), 0)::int as "unmetNeeds"
      from (
        select l."districtId", 1 as "searches", 0 as "needs" from "search_logs" l where ${inLog} and l."resultCount" = 0
        union all
        select u."districtId", 0, 1 from "unmet_needs" u where ${inNeeds}
      ) x left join "districts" d on d."id" = x."districtId"
      group by 1 order by 1 nulls last`),
  );
  return {
    ...w,
    searches: Number(totals?.searches ?? 0),
    noResultSearchCount: Number(totals?.none ?? 0),
    followedByCommission: Number(totals?.followed ?? 0),
    noResultSearches: noResult.map((r) => ({
      queryText: String(r.queryText),
      districtName: (r.districtName as string | null) ?? null,
      categorySlug: (r.categorySlug as string | null) ?? null,
      categoryName: (r.categoryName as string | null) ?? null,
      count: Number(r.count),
    })),
    unmetNeeds: needs.map((r) => ({
      needTag: String(r.needTag),
      districtName: (r.districtName as string | null) ?? null,
      count: Number(r.count),
      triedExamples: parseArray(r.triedExamples),
    })),
    byDistrict: byDistrict.map((r) => ({
      districtName: (r.districtName as string | null) ?? null,
      noResultSearches: Number(r.noResultSearches),
      unmetNeeds: Number(r.unmetNeeds),
    })),
  };
}

/** node-postgres and PGlite both give arrays here; be safe about a text literal. */
function parseArray(v: unknown): string[] {
  return Array.isArray(v) ? v.map(String) : [];
}

/** The CSV: one row per line of either table, a kind column saying which. */
export const UNMET_NEED_CSV_COLUMNS = ['kind', 'district', 'category', 'need', 'query', 'count', 'triedExamples'];
export function unmetNeedCsvRows(report: UnmetNeedReport): Record<string, unknown>[] {
  return [
    ...report.noResultSearches.map((r) => ({
      kind: 'search with no results',
      district: r.districtName ?? '',
      category: r.categoryName ?? '',
      need: '',
      query: r.queryText,
      count: r.count,
      triedExamples: '',
    })),
    ...report.unmetNeeds.map((r) => ({
      kind: 'need with no service',
      district: r.districtName ?? '',
      category: '',
      need: r.needTag,
      query: '',
      count: r.count,
      triedExamples: r.triedExamples.join(' | '),
    })),
  ];
}
