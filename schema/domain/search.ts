import { and, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import { parse as parsePostcode, validOutcode } from 'postcode';
import type { Db } from '../../drizzle/client';
import { postcodeOutwards, postcodes, postcodesEnded, schools, type services } from '../../drizzle/schema';
import type { Context } from '../context';
import { NotFoundError, ValidationError } from './errors';
import { idOf } from './ids';
import { notEndedSql } from './opening-dates';
import { rowsOf } from './rows';
import { canonicalText } from './text';
import type { Tx } from './transaction';
import { londonDate } from './working-days';

export type DeliveryModeValue = 'IN_SCHOOL' | 'COMMUNITY_VENUE' | 'HOME' | 'ONLINE';

export type ServiceSearch = {
  text?: string | null;
  categorySlugs?: string[] | null;
  age?: number | null;
  deliveryModes?: DeliveryModeValue[] | null;
  freeOnly?: boolean | null;
  maxUnitPricePence?: number | null;
  commissionableOnly?: boolean | null;
  hasCapacity?: boolean | null;
  includeStale?: boolean | null;
  statuses?: ('DRAFT' | 'PUBLISHED' | 'ARCHIVED')[] | null;
  /** Listings that serve this district (its global id): a district's local offer. */
  servesDistrictId?: string | null;
  /** One partnership's listings (the public directory spans every zone). */
  zoneSlug?: string | null;
  withinKm?: number | null;
  /** Open on any of these days (MO..SU). */
  openOn?: string[] | null;
  /** Open at or after this time ("16:00"): an opening that closes later than it. */
  openAfter?: string | null;
  /** Delivered in any of these languages (name or ISO code, any case). */
  languages?: string[] | null;
  /** A venue with every one of these access features. */
  accessibility?: string[] | null;
  /** One organisation's listings (its global id). */
  organisationId?: string | null;
  /** A form choosing a service, not a directory search (not logged). */
  choosing?: boolean | null;
};

export type Point = { latitude: number; longitude: number };

type ServicesTable = typeof services;

/** "se15 4ql" -> { full: "SE15 4QL", outward: "SE15" }; null when not a UK postcode (the `postcode` library decides). */
export function normalisePostcode(input: string): { full: string | null; outward: string } | null {
  const parsed = parsePostcode(input.trim());
  if (parsed.valid) return { full: parsed.postcode, outward: parsed.outcode };
  const outward = input.trim().toUpperCase().replace(/\s+/g, '');
  return validOutcode(outward) ? { full: null, outward } : null;
}

export type PostcodeMatch = {
  postcode: string;
  outward: string;
  precision: 'FULL' | 'OUTWARD' | 'UNKNOWN';
  /** The month ('YYYY-MM') a postcode no longer held live ended, when the ONSPD said so. */
  endedOn: string | null;
};

/**
 * How precisely we can place a postcode: exactly, only by its outward code's centre, or not at all;
 * and, when it is not held live, whether it has ended. One statement.
 */
export async function matchPostcode(db: Db, input: string): Promise<PostcodeMatch | null> {
  const p = normalisePostcode(input);
  if (!p) return null;
  const postcode = p.full ?? p.outward;
  const full = p.full ?? '';
  const found = rowsOf(
    await db.execute(sql`select
      exists (select 1 from ${postcodes} where ${postcodes.postcode} = ${full}) as "exact",
      exists (select 1 from ${postcodeOutwards} where ${postcodeOutwards.outward} = ${p.outward}) as "outward",
      (select ${postcodesEnded.endedOn} from ${postcodesEnded} where ${postcodesEnded.postcode} = ${full}) as "endedOn"`),
  )[0] as { exact: boolean; outward: boolean; endedOn: string | null } | undefined;
  if (found?.exact) return { postcode, outward: p.outward, precision: 'FULL', endedOn: null };
  return {
    postcode,
    outward: p.outward,
    precision: found?.outward ? 'OUTWARD' : 'UNKNOWN',
    endedOn: found?.endedOn ?? null,
  };
}

/** A postcode's point: the full postcode if known, else its outward code's centre (one statement). */
export async function pointForPostcode(db: Db | Tx, input: string): Promise<Point | null | 'malformed'> {
  const postcode = normalisePostcode(input);
  if (!postcode) return 'malformed';
  const result = await db.execute(sql`
    (select ${postcodes.latitude} as latitude, ${postcodes.longitude} as longitude, 0 as o from ${postcodes}
      where ${postcodes.postcode} = ${postcode.full ?? ''})
    union all
    (select ${postcodeOutwards.latitude}, ${postcodeOutwards.longitude}, 1 from ${postcodeOutwards}
      where ${postcodeOutwards.outward} = ${postcode.outward})
    order by o limit 1`);
  const [row] = rowsOf(result);
  return row ? { latitude: Number(row.latitude), longitude: Number(row.longitude) } : null;
}

const monthFormat = new Intl.DateTimeFormat('en-GB', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/**
 * Why a postcode cannot be placed: unknown, and also ended when the ONSPD said so (looked up
 * only then, so a search that can go on pays nothing for it).
 */
export async function unknownPostcodeMessage(db: Db, given: string): Promise<string> {
  const full = normalisePostcode(given)?.full;
  const [ended] = full ? await db.select().from(postcodesEnded).where(eq(postcodesEnded.postcode, full)) : [];
  if (!ended) return `We do not know the postcode ${given}`;
  const when = ended.endedOn ? ` (it ended in ${monthFormat.format(new Date(`${ended.endedOn}-01T00:00:00Z`))})` : '';
  return `We do not know the postcode ${given}: it is no longer in use${when}`;
}

/** Finds the point a search measures distance from, from coordinates, a postcode or a school. */
export async function resolveSearchPoint(
  db: Db,
  ctx: Context,
  from: { near?: Point | null; nearPostcode?: string | null; nearSchoolId?: number | null },
): Promise<Point | null> {
  if (from.near) return from.near;
  if (from.nearPostcode) {
    const point = await pointForPostcode(db, from.nearPostcode);
    if (point === 'malformed')
      throw ValidationError.field(['filter', 'nearPostcode'], 'Enter a real UK postcode, like SE15 4QL');
    if (point) return point;
    const given = from.nearPostcode.trim();
    throw ValidationError.field(['filter', 'nearPostcode'], await unknownPostcodeMessage(db, given));
  }
  if (from.nearSchoolId != null) {
    if (!ctx.viewer) throw new NotFoundError('School');
    const [school] = await db
      .select({ latitude: schools.latitude, longitude: schools.longitude })
      .from(schools)
      .where(and(eq(schools.id, from.nearSchoolId), eq(schools.zoneId, ctx.viewer.zoneId)));
    if (!school) throw new NotFoundError('School');
    return school;
  }
  return null;
}

/**
 * A listing with no location (online, home visits) sorts after every located one. A real
 * number rather than null, because results are paged by cursor on this value.
 */
export const NO_LOCATION_KM = 99999;

/** The point as SQL: geo_point() places it on the sphere the location index is built on. */
export function geoPointSql(point: Point): SQL {
  return sql`geo_point(${point.latitude}::float8, ${point.longitude}::float8)`;
}

/** A location's place on that sphere, written exactly as the index service_locations_geo is. */
export const locationGeoSql = (alias: string): SQL => sql.raw(`geo_point(${alias}."latitude", ${alias}."longitude")`);

/** Great-circle distance in km from the point to the listing's nearest venue; null without one. */
export function nearestVenueKmSql(table: ServicesTable, point: Point): SQL<number | null> {
  return sql<number | null>`(select geo_arc_km(min(${locationGeoSql('l')} <-> ${geoPointSql(point)}))
    from "service_locations" l where l."serviceId" = ${table.id})`;
}

/** The same, with listings without a venue last (a number, because pages are cursored on it). */
export function distanceKmSql(table: ServicesTable, point: Point): SQL<number> {
  return sql<number>`coalesce(${nearestVenueKmSql(table, point)}, ${NO_LOCATION_KM})`;
}

/** A venue (geo, as locationGeoSql gives it) within km of the point: a box the index finds, then the exact distance. */
export function venueWithinKmSql(geo: SQL, point: Point, km: number): SQL {
  return sql`${geo} <@ cube_enlarge(${geoPointSql(point)}, geo_chord_km(${km}::float8), 3)
    and ${geo} <-> ${geoPointSql(point)} <= geo_chord_km(${km}::float8)`;
}

/** A listing with a venue within km of the point. */
export function withinKmSql(table: ServicesTable, point: Point, km: number): SQL {
  return sql`exists (select 1 from "service_locations" wl where wl."serviceId" = ${table.id}
    and ${venueWithinKmSql(locationGeoSql('wl'), point, km)})`;
}

/**
 * The words typed, as a query of the stored vector: composed (NFC) as stored, and in the stored
 * vector's configuration, English with accents taken off (so "cafe" and "café" both find Café).
 */
export const textQuerySql = (text: string): SQL =>
  sql`websearch_to_tsquery('english_unaccent', ${canonicalText(text)})`;

export function rankSql(table: ServicesTable, text: string): SQL<number> {
  return sql<number>`ts_rank_cd(${table.searchVector}, ${textQuerySql(text)})`;
}

/**
 * The text's match. A picker (`choosing`) also takes its last word as the start of a word, as people
 * type: "Sunr" finds Sunrise, "family sup" finds Family Support. The prefix is letters and digits
 * only, so nothing typed is ever tsquery syntax; simple_unaccent leaves it unstemmed (a stem of a part
 * word would miss) but without accents, as the stored English stems are ("sunris", "famili", "cafe").
 */
export function textMatchSql(table: ServicesTable, text: string, choosing: boolean): SQL {
  const full = sql`${table.searchVector} @@ ${textQuerySql(text)}`;
  const words = choosing ? (canonicalText(text).match(/[\p{L}\p{N}]+/gu) ?? []) : [];
  const last = words.at(-1);
  if (!last) return full;
  const prefix = sql`to_tsquery('simple_unaccent', ${`${last}:*`})`;
  const head = words.slice(0, -1).join(' ');
  const query = head ? sql`(${textQuerySql(head)} && ${prefix})` : prefix;
  return sql`(${full} or ${table.searchVector} @@ ${query})`;
}

/** Who sees what: the public sees published listings; providers also see their organisation's. */
export function visibilitySql(table: ServicesTable, ctx: Context): SQL {
  const published = eq(table.status, 'PUBLISHED');
  if (!ctx.viewer) return published;
  const own =
    ctx.viewer.role === 'PROVIDER' && ctx.viewer.organisationId
      ? eq(table.organisationId, ctx.viewer.organisationId)
      : undefined;
  return and(eq(table.zoneId, ctx.viewer.zoneId), own ? or(published, own) : published)!;
}

/** The WHERE of a directory search, applied to whichever alias of services the query uses. */
export function searchWhereSql(table: ServicesTable, ctx: Context, filter: ServiceSearch, point: Point | null): SQL {
  const parts: (SQL | undefined)[] = [visibilitySql(table, ctx)];
  const text = filter.text?.trim();
  if (text) parts.push(textMatchSql(table, text, !!filter.choosing));
  if (filter.categorySlugs?.length) {
    // A top-level slug also matches every listing filed under its sub-categories.
    parts.push(sql`exists (select 1 from "service_categories" sc
      join "categories" c on c."id" = sc."categoryId"
      left join "categories" p on p."id" = c."parentId"
      where sc."serviceId" = ${table.id}
        and (c."slug" in ${filter.categorySlugs} or p."slug" in ${filter.categorySlugs}))`);
  }
  if (filter.age != null) parts.push(sql`${table.minAge} <= ${filter.age} and ${table.maxAge} >= ${filter.age}`);
  if (filter.deliveryModes?.length) {
    parts.push(
      sql`${table.deliveryModes} && array[${sql.join(
        filter.deliveryModes.map((m) => sql`${m}`),
        sql`, `,
      )}]::delivery_mode[]`,
    );
  }
  if (filter.freeOnly) {
    // Free is neither a unit price nor a family cost above nothing (an imported feed's cost_options).
    parts.push(isNull(table.unitPricePence));
    parts.push(sql`not exists (select 1 from "service_cost_options" sco
      where sco."serviceId" = ${table.id} and sco."amountPence" > 0)`);
  }
  if (filter.maxUnitPricePence != null) {
    parts.push(sql`(${table.unitPricePence} is null or ${table.unitPricePence} <= ${filter.maxUnitPricePence})`);
  }
  if (filter.commissionableOnly) parts.push(eq(table.commissionable, true));
  // Capacity null means the listing sets no limit; each accepted commission holds a place.
  if (filter.hasCapacity) parts.push(sql`(${table.capacity} is null or ${table.capacity} > ${table.placesTaken})`);
  if (filter.servesDistrictId) {
    const districtId = idOf(filter.servesDistrictId, 'District', ['filter', 'servesDistrictId']);
    parts.push(
      sql`exists (select 1 from "service_districts" sd where sd."serviceId" = ${table.id} and sd."districtId" = ${districtId})`,
    );
  }
  if (filter.organisationId) {
    parts.push(eq(table.organisationId, idOf(filter.organisationId, 'Organisation', ['filter', 'organisationId'])));
  }
  if (filter.statuses?.length) parts.push(sql`${table.status} in ${filter.statuses}`);
  if (filter.zoneSlug) parts.push(sql`${table.zoneId} = (select "id" from "zones" where "slug" = ${filter.zoneSlug})`);
  if (point && filter.withinKm != null) parts.push(withinKmSql(table, point, filter.withinKm));
  if (filter.openOn?.length || filter.openAfter) {
    // One opening must match both: open on Saturday and after 16:00 is one Saturday opening.
    // An opening that has ended is not a time it is open.
    parts.push(sql`exists (select 1 from "service_schedules" ss where ss."serviceId" = ${table.id}
      and ${notEndedSql(sql`ss."validTo"`, londonDate(ctx.now()))}
      ${
        filter.openOn?.length
          ? sql`and ss."byDay" && array[${sql.join(
              filter.openOn.map((d) => sql`${d}`),
              sql`, `,
            )}]::text[]`
          : sql``
      }
      ${filter.openAfter ? sql`and ss."closesAt" > ${filter.openAfter}::time` : sql``})`);
  }
  if (filter.languages?.length) {
    const wanted = filter.languages.map((l) => l.trim().toLowerCase());
    parts.push(sql`exists (select 1 from "service_languages" sl where sl."serviceId" = ${table.id}
      and (lower(sl."name") in ${wanted} or sl."code" in ${wanted}))`);
  }
  if (filter.accessibility?.length) {
    parts.push(sql`exists (select 1 from "service_locations" al where al."serviceId" = ${table.id}
      and al."accessibility" @> array[${sql.join(
        filter.accessibility.map((a) => sql`${a}`),
        sql`, `,
      )}]::accessibility_feature[])`);
  }
  return and(...parts)!;
}
