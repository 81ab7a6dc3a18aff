import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { services } from '../../drizzle/schema';
import { rowsOf } from './rows';

// The directory's "N services found", counted only up to a cap: an exact count of a broad search
// re-reads every match (about 2.9 s at p50 for a one-word search over 1,000,000 listings), while
// counting to 1,001 stops at the 1,001st. Above the cap the answer is "more than 1,000", never a
// guess. `totalCount` stays exact for callers that need the number (API contract).

export const SEARCH_COUNT_CAP = 1000;
let cap = SEARCH_COUNT_CAP;

/** Tests lower the cap to reach it on the demo data; the server never changes it. */
export function setSearchCountCap(value: number): void {
  cap = value;
}

export type CappedCount = { count: number; capped: boolean };

/** The count that stops at the first limit matches. */
export const cappedCountSql = (where: SQL, limit: number): SQL =>
  sql`select count(*)::int as n from (select 1 from ${services} where ${where} limit ${limit}) as matches`;

/** How many services match, up to the cap: { count: cap, capped: true } means more than cap. */
export async function cappedSearchCount(db: Db, where: SQL): Promise<CappedCount> {
  const limit = cap;
  const [row] = rowsOf(await db.execute(cappedCountSql(where, limit + 1))) as { n: number }[];
  const n = Number(row?.n ?? 0);
  return n > limit ? { count: limit, capped: true } : { count: n, capped: false };
}
