import { createHmac, randomBytes } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { categories, districts, schools, searchLogs, zones } from '../../drizzle/schema';
import type { Context } from '../context';
import { idOf } from './ids';
import { withoutPersonalData } from './personal-text';
import { normalisePostcode, type ServiceSearch } from './search';

/**
 * Directory searches are logged for the unmet-need report (issue 12, point 7) WITHOUT who searched:
 * the row has the query, its filters, the zone and district, the postcode district (outward code)
 * and the number of results, never a user, session, school, child or full postcode.
 *
 * "Did a commission follow?" is answered without storing the searcher. The choice: this process keeps,
 * in memory only, the ids of a signed-in session's recent log rows and the listings each showed, under a
 * keyed hash of the session id (HMAC with a random key made at start-up and never stored), for
 * COMMISSION_LINK_WINDOW_MS. When that session raises a commission for a listing one of those searches
 * showed, those rows get commissionFollowed = true and are forgotten here. Nothing links a row to a
 * person in the database, and the memory holds no readable session id and is pruned as it goes; a
 * restart, or a commission raised on another server process, simply leaves the flag false (the report
 * says it is a lower bound). A keyed hash in a database table would survive restarts but would put a
 * per-session key beside each search for two hours, which is what we chose not to keep.
 */
export const COMMISSION_LINK_WINDOW_MS = 2 * 60 * 60_000;
const MAX_SEARCHES_PER_SESSION = 50;

const hashKey = randomBytes(32);
type Recent = { logId: number; serviceIds: Set<number>; at: number };
const recent = new Map<string, Recent[]>();

const sessionKey = (sessionId: number) => createHmac('sha256', hashKey).update(String(sessionId)).digest('base64url');

/** Drops every entry older than the window (called on each write, so memory stays bounded by recent use). */
function prune(nowMs: number) {
  for (const [key, list] of recent) {
    const kept = list.filter((r) => nowMs - r.at <= COMMISSION_LINK_WINDOW_MS);
    if (kept.length) recent.set(key, kept);
    else recent.delete(key);
  }
}

export type SearchLogFilter = {
  text?: string | null;
  categorySlugs?: readonly string[] | null;
  age?: number | null;
  freeOnly?: boolean | null;
  maxUnitPricePence?: number | null;
  withinKm?: number | null;
  nearPostcode?: string | null;
  servesDistrictId?: number | null;
  nearSchoolId?: number | null;
  zoneSlug?: string | null;
};

/** Lower case, single spaces, at most 200 characters: so "Anxiety  " and "anxiety" count together. */
export const normaliseQuery = (text: string | null | undefined) =>
  (text ?? '').trim().toLowerCase().replace(/\s+/g, ' ').slice(0, 200);

/**
 * Writes one search's log row (after the response: ctx.afterResponse) and, for a signed-in session,
 * remembers it in memory for the commission link. resultCount is the search's total, not the page's:
 * exact when the page counted exactly (totalCount), else counted up to the directory's cap (1,000
 * then means at least that many; reports only ask whether a search found nothing).
 */
export async function logSearch(
  db: Db,
  ctx: Pick<Context, 'viewer' | 'now'>,
  filter: SearchLogFilter,
  result: { count: () => Promise<number>; serviceIds: number[] },
): Promise<void> {
  // Only slugs of the taxonomy are kept: a slug is free text a caller can fill with a child's name or
  // reference, and the report names categories. An unknown slug matches nothing (the filter is "any of"),
  // so dropping it leaves the search as it ran. When none is known the search found nothing because of
  // the slugs, not for want of a service: logging it (with or without a category) would be false
  // evidence of unmet need, so it is not logged.
  const asked = [...new Set(filter.categorySlugs ?? [])];
  let categorySlugs: string[] = [];
  if (asked.length) {
    const known = await db.select({ slug: categories.slug }).from(categories).where(inArray(categories.slug, asked));
    categorySlugs = known.map((k) => k.slug).sort();
    if (!categorySlugs.length) return;
  }
  const viewer = ctx.viewer;
  let zoneId: number | null = viewer?.zoneId ?? null;
  if (zoneId == null && filter.zoneSlug) {
    const [zone] = await db.select({ id: zones.id }).from(zones).where(eq(zones.slug, filter.zoneSlug));
    zoneId = zone?.id ?? null;
  }
  let districtId: number | null = null;
  if (filter.servesDistrictId != null) {
    const [district] = await db
      .select({ id: districts.id, zoneId: districts.zoneId })
      .from(districts)
      .where(eq(districts.id, filter.servesDistrictId));
    if (district && (zoneId == null || district.zoneId === zoneId)) {
      districtId = district.id;
      zoneId = district.zoneId;
    }
  } else if (filter.nearSchoolId != null && viewer) {
    const [school] = await db
      .select({ districtId: schools.districtId })
      .from(schools)
      .where(and(eq(schools.id, filter.nearSchoolId), eq(schools.zoneId, viewer.zoneId)));
    districtId = school?.districtId ?? null;
  }
  const resultCount = await result.count();
  const [row] = await db
    .insert(searchLogs)
    .values({
      zoneId,
      districtId,
      // Without a child's name or reference a link worker typed: unmet-need reports show it.
      queryText: withoutPersonalData(zoneId, normaliseQuery(filter.text), 200),
      categorySlugs,
      age: filter.age ?? null,
      freeOnly: filter.freeOnly ?? false,
      maxUnitPricePence: filter.maxUnitPricePence ?? null,
      withinKm: filter.withinKm ?? null,
      postcodeDistrict: filter.nearPostcode ? (normalisePostcode(filter.nearPostcode)?.outward ?? null) : null,
      resultCount,
      signedIn: !!viewer,
      searchedAt: ctx.now(),
    })
    .returning({ id: searchLogs.id });
  if (!viewer || !row || result.serviceIds.length === 0) return;
  const nowMs = ctx.now().getTime();
  prune(nowMs);
  const key = sessionKey(viewer.sessionId);
  const list = recent.get(key) ?? [];
  list.push({ logId: row.id, serviceIds: new Set(result.serviceIds), at: nowMs });
  recent.set(key, list.slice(-MAX_SEARCHES_PER_SESSION));
}

/**
 * After a commission is raised: marks this session's searches of the last two hours that showed the
 * listing as followed by a commission, once each. Returns how many rows it marked.
 */
export async function linkCommissionToSearches(
  db: Db,
  sessionId: number,
  serviceId: number,
  now: Date,
): Promise<number> {
  const key = sessionKey(sessionId);
  const list = recent.get(key);
  if (!list) return 0;
  const nowMs = now.getTime();
  const matched = list.filter((r) => nowMs - r.at <= COMMISSION_LINK_WINDOW_MS && r.serviceIds.has(serviceId));
  const left = list.filter((r) => nowMs - r.at <= COMMISSION_LINK_WINDOW_MS && !r.serviceIds.has(serviceId));
  if (left.length) recent.set(key, left);
  else recent.delete(key);
  if (!matched.length) return 0;
  await db
    .update(searchLogs)
    .set({ commissionFollowed: true })
    .where(
      inArray(
        searchLogs.id,
        matched.map((r) => r.logId),
      ),
    );
  return matched.length;
}

/** Runs the task after the response when the server offers it, else now (not awaited). */
export function afterResponse(ctx: Pick<Context, 'afterResponse'>, task: () => Promise<void>): void {
  if (ctx.afterResponse) ctx.afterResponse(task);
  else void task().catch(() => {});
}

/**
 * The services connection's arguments as the log reads them: the fields' types are ServiceFilter's
 * (schema/types/service-search.ts, an ID input is a string), which the callers' args must match.
 * Restated here rather than imported, as domain code does not import schema/types.
 */
type SearchArgs = {
  after?: string | null;
  before?: string | null;
  filter?: { servesDistrictId?: string | null; nearPostcode?: string | null } | null;
};

/**
 * A directory search's first page is logged once the response is sent (not counted in its
 * statements): no personal data, see schema/domain/search-log.ts. Providers narrowing their own
 * listings by status, and forms choosing a service as someone types, are not searching the directory.
 */
export function logFirstPage(
  ctx: Context,
  args: SearchArgs,
  filter: ServiceSearch & Record<string, unknown>,
  nearSchoolId: number | null,
  found: { count: () => Promise<number>; serviceIds: number[] },
): void {
  if (args.after != null || args.before != null || filter.statuses?.length || filter.choosing) return;
  const servesDistrictId = args.filter?.servesDistrictId
    ? idOf(args.filter.servesDistrictId, 'District', ['filter', 'servesDistrictId'])
    : null;
  afterResponse(ctx, () =>
    logSearch(
      ctx.primaryDb ?? ctx.db,
      ctx,
      { ...filter, nearPostcode: args.filter?.nearPostcode, nearSchoolId, servesDistrictId },
      found,
    ),
  );
}
