import { and, asc, eq, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { organisations, serviceLocations, services, zones } from '../../../drizzle/schema';
import { notEndedSql } from '../opening-dates';
import {
  geoPointSql,
  nearestVenueKmSql,
  type Point,
  pointForPostcode,
  textQuerySql,
  unknownPostcodeMessage,
  venueWithinKmSql,
  withinKmSql,
} from '../search';
import { likeLiteral } from '../text';
import { PORTAL_TAXONOMY } from './ids';
import { type OrukQuery, ParameterError } from './params';
import { serviceAreaCovers } from './service-area-filter';
import {
  type LocationRow,
  organisationRecord,
  organisationSummary,
  type ServiceRow,
  serviceAtLocation,
  serviceRecord,
  serviceSummary,
} from './to-oruk';

// The reads behind the Open Referral UK API of one zone: published listings only, and only
// directory data (never children, budgets or commissions). Each page is a fixed number of
// SQL statements: the zone, the count and the page (plus the postcode, when one is given).

export type Page<T> = {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
};

export function page<T>(contents: T[], total: number, q: Pick<OrukQuery, 'page' | 'perPage'>): Page<T> {
  const totalPages = Math.ceil(total / q.perPage);
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: q.page,
    size: contents.length,
    first_page: q.page === 1,
    last_page: q.page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export const SERVICE_WITH = {
  organisation: true,
  categories: {
    columns: { uuid: true, slug: true, name: true },
    with: { parent: { columns: { uuid: true } } },
    orderBy: { position: 'asc', name: 'asc', slug: 'asc' },
  },
  attributes: {
    with: { taxonomy: { columns: { uuid: true, name: true } }, parent: { columns: { uuid: true } } },
    orderBy: { name: 'asc', id: 'asc' },
  },
  locations: { orderBy: { id: 'asc' } },
  schedules: { orderBy: { id: 'asc' } },
  languages: { orderBy: { id: 'asc' } },
  costOptions: { orderBy: { id: 'asc' } },
  contacts: { orderBy: { id: 'asc' } },
  serviceAreas: { orderBy: { id: 'asc' } },
} as const;

export async function zoneBySlug(db: Db, slug: string): Promise<{ id: number } | null> {
  const [zone] = await db.select({ id: zones.id }).from(zones).where(eq(zones.slug, slug));
  return zone ?? null;
}

/** The postcode's point: the full postcode, else its outward code's centre (one statement). */
async function postcodePoint(db: Db, q: OrukQuery): Promise<Point | null> {
  if (!q.postcode) return null;
  const point = await pointForPostcode(db, q.postcode.full);
  if (point && point !== 'malformed') return point;
  throw new ParameterError('postcode', await unknownPostcodeMessage(db, q.postcode.full));
}

/** The WHERE for the published listings of a zone that match the query. */
function serviceWhere(t: typeof services, zoneId: number, q: OrukQuery, point: Point | null): SQL {
  const parts: (SQL | undefined)[] = [eq(t.zoneId, zoneId), eq(t.status, 'PUBLISHED')];
  if (q.search) parts.push(sql`${t.searchVector} @@ ${textQuerySql(q.search)}`);
  if (q.taxonomyTermId) {
    parts.push(sql`(exists (select 1 from "service_categories" sc join "categories" c on c."id" = sc."categoryId"
        left join "categories" p on p."id" = c."parentId"
        where sc."serviceId" = ${t.id} and (c."uuid" = ${q.taxonomyTermId} or p."uuid" = ${q.taxonomyTermId}))
      or exists (select 1 from "service_attributes" sa join "taxonomy_terms" tt on tt."id" = sa."taxonomyTermId"
        where sa."serviceId" = ${t.id} and tt."uuid" = ${q.taxonomyTermId}))`);
  }
  if (q.taxonomyId) {
    parts.push(
      q.taxonomyId === PORTAL_TAXONOMY.id
        ? sql`exists (select 1 from "service_categories" sc where sc."serviceId" = ${t.id})`
        : sql`exists (select 1 from "service_attributes" sa join "taxonomy_terms" tt on tt."id" = sa."taxonomyTermId"
            join "taxonomies" tx on tx."id" = tt."taxonomyId" where sa."serviceId" = ${t.id} and tx."uuid" = ${q.taxonomyId})`,
    );
  }
  if (q.organizationId)
    parts.push(sql`${t.organisationId} = (select "id" from "organisations" where "uuid" = ${q.organizationId})`);
  if (q.minimumAge != null) parts.push(sql`${t.minAge} >= ${q.minimumAge}`);
  if (q.maximumAge != null) parts.push(sql`${t.maxAge} <= ${q.maximumAge}`);
  if (q.age != null) parts.push(sql`${t.minAge} <= ${q.age} and ${t.maxAge} >= ${q.age}`);
  if (q.day || q.startTime || q.endTime) {
    // One opening must satisfy all three together.
    // An opening that has ended is not a time the service is open (it is still published, as given).
    parts.push(sql`exists (select 1 from "service_schedules" ss where ss."serviceId" = ${t.id}
      ${q.today ? sql`and ${notEndedSql(sql`ss."validTo"`, q.today)}` : sql``}
      ${q.day ? sql`and ${q.day} = any(ss."byDay")` : sql``}
      ${q.startTime ? sql`and ss."opensAt" >= ${q.startTime}::time` : sql``}
      ${q.endTime ? sql`and ss."closesAt" <= ${q.endTime}::time` : sql``})`);
  }
  if (q.modifiedAfter)
    parts.push(sql`(${t.updatedAt} >= ${q.modifiedAfter}::timestamptz or exists (select 1 from "organisations" o
      where o."id" = ${t.organisationId} and o."updatedAt" >= ${q.modifiedAfter}::timestamptz))`);
  if (point && q.proximityMetres != null) parts.push(withinKmSql(t, point, q.proximityMetres / 1000));
  if (q.postcode) parts.push(serviceAreaCovers(t, q.postcode));
  return and(...parts)!;
}

export async function servicesPage(db: Db, zoneId: number, q: OrukQuery) {
  const point = await postcodePoint(db, q);
  const total = await db.$count(services, serviceWhere(services, zoneId, q, point));
  const rows = await db.query.services.findMany({
    where: { RAW: (t) => serviceWhere(t as typeof services, zoneId, q, point) },
    with: SERVICE_WITH,
    ...(point
      ? { extras: { distanceKm: (t) => sql`coalesce(${nearestVenueKmSql(t as typeof services, point)}, 1e9)` } }
      : {}),
    orderBy: point
      ? (t) => [sql`coalesce(${nearestVenueKmSql(t as typeof services, point)}, 1e9)`, asc(t.name), asc(t.id)]
      : (t) => [asc(t.name), asc(t.id)],
    limit: q.perPage,
    offset: (q.page - 1) * q.perPage,
  });
  return page(
    rows.map((r) => serviceRecord(r as unknown as ServiceRow)),
    total,
    q,
  );
}

export async function serviceById(db: Db, zoneId: number, id: string) {
  const row = await db.query.services.findFirst({
    where: { uuid: id, zoneId, status: 'PUBLISHED' },
    with: SERVICE_WITH,
  });
  return row ? serviceRecord(row as unknown as ServiceRow) : null;
}

const venueGeo = (l: typeof serviceLocations) => sql`geo_point(${l.latitude}, ${l.longitude})`;
const venueKm = (l: typeof serviceLocations, p: Point) => sql<number>`geo_arc_km(${venueGeo(l)} <-> ${geoPointSql(p)})`;

function locationWhere(l: typeof serviceLocations, zoneId: number, q: OrukQuery, point: Point | null): SQL {
  const parts = [
    sql`exists (select 1 from "services" where "services"."id" = ${l.serviceId} and ${serviceWhere(services, zoneId, { ...q, proximityMetres: undefined }, null)})`,
  ];
  if (point && q.proximityMetres != null) parts.push(venueWithinKmSql(venueGeo(l), point, q.proximityMetres / 1000));
  return and(...parts)!;
}

export async function serviceAtLocationsPage(db: Db, zoneId: number, q: OrukQuery) {
  const point = await postcodePoint(db, q);
  const total = await db.$count(serviceLocations, locationWhere(serviceLocations, zoneId, q, point));
  const rows = await db.query.serviceLocations.findMany({
    where: { RAW: (l) => locationWhere(l as typeof serviceLocations, zoneId, q, point) },
    with: { service: { with: { organisation: true } } },
    orderBy: point
      ? (l) => [venueKm(l as typeof serviceLocations, point), asc(l.id)]
      : (l) => [asc(l.serviceId), asc(l.id)],
    limit: q.perPage,
    offset: (q.page - 1) * q.perPage,
  });
  return page(
    rows.map((l) => {
      const s = l.service as unknown as ServiceRow;
      return { ...serviceAtLocation(s, l as LocationRow), service: serviceSummary(s) };
    }),
    total,
    q,
  );
}

export async function serviceAtLocationById(db: Db, zoneId: number, id: string) {
  const row = await db.query.serviceLocations.findFirst({
    where: { uuid: id, service: { zoneId, status: 'PUBLISHED' } },
    with: { service: { with: SERVICE_WITH } },
  });
  if (!row) return null;
  const s = row.service as unknown as ServiceRow;
  return { ...serviceAtLocation(s, row as LocationRow), service: serviceRecord(s) };
}

const orgWhere = (o: typeof organisations, zoneId: number, q: OrukQuery) =>
  and(
    eq(o.zoneId, zoneId),
    sql`exists (select 1 from "services" s where s."organisationId" = ${o.id} and s."status" = 'PUBLISHED')`,
    q.search
      ? sql`(${o.name} ilike ${likeLiteral(q.search)} or ${o.description} ilike ${likeLiteral(q.search)})`
      : undefined,
  )!;

export async function organisationsPage(db: Db, zoneId: number, q: OrukQuery) {
  const total = await db.$count(organisations, orgWhere(organisations, zoneId, q));
  const rows = await db.query.organisations.findMany({
    where: { RAW: (o) => orgWhere(o as typeof organisations, zoneId, q) },
    orderBy: (o) => [asc(o.name), asc(o.id)],
    limit: q.perPage,
    offset: (q.page - 1) * q.perPage,
  });
  return page(rows.map(organisationSummary), total, q);
}

export async function organisationById(db: Db, zoneId: number, id: string) {
  const row = await db.query.organisations.findFirst({
    where: { uuid: id, zoneId, services: { status: 'PUBLISHED' } },
    with: {
      services: {
        where: { status: 'PUBLISHED' },
        with: SERVICE_WITH,
        orderBy: { name: 'asc', id: 'asc' },
      },
    },
  });
  if (!row) return null;
  return {
    ...organisationRecord(row),
    services: row.services.map((s) => serviceRecord(s as unknown as ServiceRow)),
  };
}
