import { decodeBase64, decodeCursorChunk } from '@pothos/core';
import { type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { services } from '../../drizzle/schema';
import type { Context } from '../context';
import { rowsOf } from './rows';
import {
  geoPointSql,
  locationGeoSql,
  NO_LOCATION_KM,
  type Point,
  type ServiceSearch,
  searchWhereSql,
  venueWithinKmSql,
} from './search';

/**
 * Nearest-first without reading every listing: venues come off the GiST index in distance order
 * (KNN), joined to the listings that match the search, and the first `want` distinct listings
 * are the page's candidates (a listing's first venue in that order is its nearest). The page
 * query then orders and cursors those few as before. Returns the page query's whole WHERE: the
 * candidates already passed the search's conditions (in this request, through the same
 * searchWhereSql), so the page does not test them again; repeating them cost the page query a
 * second text match and a second radius test per row for nothing.
 *
 * A listing can have several venues, so `want` listings may need more than `want` venue rows:
 * the scan doubles until it has them, or has run out (then listings without a venue, which sort
 * last, are candidates too).
 */
export async function nearestCandidatesSql(
  db: Db,
  ctx: Context,
  filter: ServiceSearch,
  point: Point,
  page: { want: number; afterKm: number | null },
): Promise<(table: typeof services) => SQL> {
  // Listings without a venue (sorting last) still have to match the search.
  const unlocated = (table: typeof services) =>
    sql`(${searchWhereSql(table, ctx, filter, point)}
      and not exists (select 1 from "service_locations" nl where nl."serviceId" = ${table.id}))`;
  // Past every located listing: only those without a venue are left.
  if (page.afterKm === Number.POSITIVE_INFINITY) return unlocated;
  // Within a radius, the venue itself must be inside it: a listing's nearest venue is then its first
  // in distance order, the box limits the index scan, and no second pass over each candidate's venues
  // (exists ... within) is needed. Without a radius, every venue is a candidate.
  const km = filter.withinKm;
  const where =
    km == null
      ? searchWhereSql(services, ctx, filter, point)
      : sql`${searchWhereSql(services, ctx, { ...filter, withinKm: null }, point)}
        and ${venueWithinKmSql(locationGeoSql('l'), point, km)}`;
  const from = page.afterKm == null ? null : page.afterKm - 1e-6;
  // Past the cursor: this venue is, and none of its listing's venues is nearer (it was shown).
  const pastCursor = (
    km: number,
  ) => sql`and ${locationGeoSql('l')} <-> ${geoPointSql(point)} >= geo_chord_km(${km}::float8)
    and not exists (select 1 from "service_locations" n where n."serviceId" = l."serviceId"
      and ${locationGeoSql('n')} <-> ${geoPointSql(point)} < geo_chord_km(${km}::float8))`;
  let limit = page.want * 2;
  for (;;) {
    const rows = rowsOf(
      await db.execute(sql`
        select l."serviceId" as "id", geo_arc_km(${locationGeoSql('l')} <-> ${geoPointSql(point)}) as "km"
        from "service_locations" l join "services" on "services"."id" = l."serviceId"
        where ${where} ${from == null ? sql`` : pastCursor(from)}
        order by ${locationGeoSql('l')} <-> ${geoPointSql(point)}
        limit ${limit}`),
    ) as { id: number; km: number }[];
    const ids: number[] = [];
    const seen = new Set<number>();
    let boundary: number | null = null;
    let counted = 0;
    for (const r of rows) {
      const km = Number(r.km);
      // Keep going past `want` while distances tie, so the page's name order decides among them.
      if (boundary != null && km > boundary) break;
      if (!seen.has(Number(r.id))) {
        seen.add(Number(r.id));
        ids.push(Number(r.id));
        // Listings at the cursor's own distance may be behind it (the name decides): not counted.
        if (from == null || km > page.afterKm! + 1e-6) counted++;
        if (counted === page.want) boundary = km;
      }
    }
    const exhausted = rows.length < limit;
    const lastKm = rows.length ? Number(rows[rows.length - 1]!.km) : 0;
    if (exhausted || (boundary != null && lastKm > boundary)) {
      return (table) => {
        const chosen = ids.length ? sql`${table.id} in ${ids}` : sql`false`;
        if (!exhausted) return chosen;
        return sql`(${chosen} or ${unlocated(table)})`;
      };
    }
    limit *= 4;
  }
}

/** The distance a forward cursor of a nearest-first page stopped at (its first ordering value). */
export function cursorKm(after: string | null | undefined): number | null {
  if (!after) return null;
  try {
    const decoded = decodeBase64(after);
    if (!decoded.startsWith('DC:')) return null;
    const values = decodeCursorChunk(decoded.slice(3)) as unknown;
    const km = Number(Array.isArray(values) ? values[0] : values);
    return Number.isFinite(km) && km < NO_LOCATION_KM ? km : km >= NO_LOCATION_KM ? Number.POSITIVE_INFINITY : null;
  } catch {
    return null;
  }
}
