import { type GraphQLResolveInfo, Kind, type SelectionSetNode } from 'graphql';
import { z } from 'zod';
import { services } from '../../drizzle/schema';
import { builder } from '../builder';
import { ValidationError } from '../domain/errors';
import { idOf } from '../domain/ids';
import {
  distanceKmSql,
  matchPostcode,
  type PostcodeMatch,
  rankSql,
  resolveSearchPoint,
  type ServiceSearch,
  searchWhereSql,
} from '../domain/search';
import { type CappedCount, cappedSearchCount, SEARCH_COUNT_CAP } from '../domain/search-count';
import { logFirstPage } from '../domain/search-log';
import { cursorKm, nearestCandidatesSql } from '../domain/search-nearest';
import { canonicalText } from '../domain/text';
import { planned } from '../planned';
import { DeliveryMode, ServiceStatus } from './enums';
import { pageSizeRule } from './pagination';
import { Service } from './service';
import { AccessibilityFeature, Weekday } from './service-details';

const GeoPointInput = builder.inputType('GeoPointInput', {
  fields: (t) => ({
    latitude: t.float({ required: true, validate: { min: -90, max: 90 } }),
    longitude: t.float({ required: true, validate: { min: -180, max: 180 } }),
  }),
});

/** An empty postcode gives no place to measure from (resolveSearchPoint skips it too). */
const given = (postcode: string | null | undefined): boolean => !!postcode;

const ServiceFilter = builder.inputType('ServiceFilter', {
  fields: (t) => ({
    // "Cafe" + a combining accent finds "Café": stored text is composed (NFC), so the search is too.
    text: t.string({ validate: { schema: z.string().max(200).transform(canonicalText) } }),
    categorySlugs: t.stringList({ validate: { maxLength: 50, items: { maxLength: 80 } } }),
    age: t.int({ validate: { min: 0, max: 25 } }),
    deliveryModes: t.field({ type: [DeliveryMode] }),
    freeOnly: t.boolean(),
    maxUnitPricePence: t.int({ validate: { min: 0 } }),
    commissionableOnly: t.boolean(),
    hasCapacity: t.boolean(),
    near: t.field({ type: GeoPointInput }),
    nearPostcode: t.string({ validate: { maxLength: [10, { message: 'Enter a real UK postcode, like SE15 4QL' }] } }),
    nearSchoolId: t.id({ description: 'Measure distance from this school (signed in)' }),
    withinKm: t.float({ validate: { min: 0.1, max: 200 } }),
    servesDistrictId: t.id({ description: 'Only listings that serve this district: its local offer' }),
    zoneSlug: t.string({
      description: 'Only this partnership’s listings (see `partnerships`); signed-in staff always see their own',
      validate: { maxLength: 40 },
    }),
    openOn: t.field({ type: [Weekday], description: 'Open on any of these days' }),
    openAfter: t.string({
      description: 'Open at or after this time (HH:MM), on one of openOn’s days when given',
      validate: { regex: [/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'Enter a time like 16:00' }] },
    }),
    languages: t.stringList({
      description: 'Delivered in any of these languages (name, like Polish, or code, like pl)',
      validate: { maxLength: 10, items: { maxLength: 60 } },
    }),
    accessibility: t.field({ type: [AccessibilityFeature], description: 'A venue with all of these' }),
    statuses: t.field({
      type: [ServiceStatus],
      description: 'Providers: narrow their own listings by status (others only ever see PUBLISHED)',
    }),
    organisationId: t.id({ description: 'Only this organisation’s listings' }),
    choosing: t.boolean({
      description: 'A form choosing a service (a picker), not a directory search: not logged for the unmet-need report',
    }),
  }),
  // Inputs that exclude each other. The places to measure from are checked in onePlaceToMeasureFrom.
  validate: [
    [
      (f) => !(f.freeOnly && f.maxUnitPricePence != null),
      { message: 'Choose free only or a maximum price, not both', path: ['maxUnitPricePence'] },
    ],
  ],
});

/**
 * Of near, nearPostcode and nearSchoolId a search takes one place to measure from (two were once
 * settled silently, near first). One error, on the later field given: a zod refinement's path is
 * fixed, so the rule lives here rather than in ServiceFilter's validate.
 */
function onePlaceToMeasureFrom(filter: { near?: unknown; nearPostcode?: string | null; nearSchoolId?: unknown }) {
  const places = [filter.near != null, given(filter.nearPostcode), filter.nearSchoolId != null];
  if (places.filter(Boolean).length < 2) return;
  throw ValidationError.field(
    ['filter', places[2] ? 'nearSchoolId' : 'nearPostcode'],
    'Give one place to measure from: near, nearPostcode or nearSchoolId, not more than one',
  );
}

/** Counts started by the page, per request and filter, for totalCount to pick up. */
const counts = new WeakMap<object, Map<string, Promise<number>>>();
function pendingCounts(ctx: object): Map<string, Promise<number>> {
  const map = counts.get(ctx) ?? new Map<string, Promise<number>>();
  counts.set(ctx, map);
  return map;
}
const countKey = (filter: unknown) => JSON.stringify(filter ?? null);
/** Capped counts started by the page, per request and connection (response path). */
const cappedCounts = new WeakMap<object, Map<string, Promise<CappedCount>>>();
const pathKey = (path: GraphQLResolveInfo['path'] | undefined): string =>
  path ? `${pathKey(path.prev)}.${path.key}` : '';

const CappedCountRef = builder.objectRef<CappedCount>('ServiceCount').implement({
  description: `How many services match, counted up to ${SEARCH_COUNT_CAP.toLocaleString('en-GB')}`,
  fields: (t) => ({
    count: t.exposeInt('count', { description: 'The matches, or the cap when capped is true' }),
    capped: t.exposeBoolean('capped', {
      description: 'True when more services match than count (the cap): show "more than count"',
    }),
  }),
});

/** Whether the query selects this field of the connection (directly, or in a fragment). */
function selects(info: GraphQLResolveInfo, name: string): boolean {
  const visit = (set: SelectionSetNode | undefined): boolean =>
    !!set?.selections.some((s) => {
      if (s.kind === Kind.FIELD) return s.name.value === name;
      if (s.kind === Kind.INLINE_FRAGMENT) return visit(s.selectionSet);
      return visit(info.fragments[s.name.value]?.selectionSet);
    });
  return info.fieldNodes.some((node) => visit(node.selectionSet));
}

builder.queryField('services', (t) =>
  t.drizzleConnection(
    {
      type: Service,
      maxSize: 100,
      defaultSize: 20,
      validate: pageSizeRule as never,
      description:
        'Directory search: ranked by relevance when there is text, by distance when there is a point, else by name',
      args: { filter: t.arg({ type: ServiceFilter }) },
      resolve: async (query, _root, args, ctx, info) => {
        const filter = (args.filter ?? {}) as ServiceSearch & Record<string, unknown>;
        onePlaceToMeasureFrom(args.filter ?? {});
        const nearSchoolId = args.filter?.nearSchoolId
          ? idOf(args.filter.nearSchoolId, 'School', ['filter', 'nearSchoolId'])
          : null;
        const point = await resolveSearchPoint(ctx.db, ctx, {
          near: args.filter?.near,
          nearPostcode: args.filter?.nearPostcode,
          nearSchoolId,
        });
        // A radius with nothing to measure from would otherwise be dropped and every listing shown.
        if (!point && filter.withinKm != null)
          throw ValidationError.field(
            ['filter', 'withinKm'],
            'A distance needs a place to measure from: give near, nearPostcode or nearSchoolId too',
          );
        const text = filter.text?.trim();
        // The count runs beside the page (its own pooled connection on PostgreSQL), not after it.
        if (selects(info, 'totalCount')) {
          // Drizzle's builders run each time they are awaited: run it once, as a promise.
          const count = Promise.resolve(ctx.db.$count(services, searchWhereSql(services, ctx, filter, point)));
          count.catch(() => {}); // awaited by totalCount; never an unhandled rejection meanwhile
          pendingCounts(ctx).set(countKey(args.filter), count);
        }
        // The capped count, beside the page too (one statement either way).
        if (selects(info, 'totalCountCapped')) {
          const capped = cappedSearchCount(ctx.db, searchWhereSql(services, ctx, filter, point));
          capped.catch(() => {});
          const map = cappedCounts.get(ctx) ?? new Map<string, Promise<CappedCount>>();
          cappedCounts.set(ctx, map);
          map.set(pathKey(info.path), capped);
        }
        // Nearest first: the index finds the page's candidates, instead of measuring every listing.
        const nearest =
          point && args.last == null && args.before == null
            ? await nearestCandidatesSql(ctx.db, ctx, filter, point, {
                want: (args.first ?? 20) + 1,
                afterKm: cursorKm(args.after),
              })
            : null;
        const rows = await ctx.db.query.services.findMany(
          query({
            where: {
              // Nearest first: the candidates already match the search (see nearestCandidatesSql).
              RAW: (table) =>
                nearest
                  ? nearest(table as typeof services)
                  : searchWhereSql(table as typeof services, ctx, filter, point),
            },
            extras: {
              ...(point ? { distanceKm: (table) => distanceKmSql(table as typeof services, point) } : {}),
              ...(text ? { rank: (table) => rankSql(table as typeof services, text) } : {}),
            },
            orderBy: point
              ? { distanceKm: 'asc', name: 'asc' }
              : text
                ? { rank: 'desc', name: 'asc' }
                : { name: 'asc' },
          }),
        );
        const cappedStarted = cappedCounts.get(ctx)?.get(pathKey(info.path));
        logFirstPage(ctx, args, filter, nearSchoolId, {
          // The exact count when the page asked for it; else counted only up to the cap (the log
          // needs to know a search found nothing, and an exact count of a broad search costs the
          // database seconds at a million listings, after every such page).
          count: async () =>
            pendingCounts(ctx).get(countKey(args.filter)) ??
            (await (cappedStarted ?? cappedSearchCount(ctx.db, searchWhereSql(services, ctx, filter, point)))).count,
          // The page shown (the connection fetches one more row to know there is a next page).
          serviceIds: (rows as unknown as { id: number }[]).slice(0, args.first ?? 20).map((r) => r.id),
        });
        return planned(Promise.resolve(rows));
      },
      totalCount: async (_root, args, ctx) => {
        const started = pendingCounts(ctx).get(countKey(args.filter));
        if (started) return started;
        const filter = (args.filter ?? {}) as ServiceSearch;
        const nearSchoolId = args.filter?.nearSchoolId
          ? idOf(args.filter.nearSchoolId, 'School', ['filter', 'nearSchoolId'])
          : null;
        // The point limits the count only with a radius, but an unknown postcode or school is the same
        // error as when the page is asked for, never a count of 0.
        const point =
          filter.withinKm != null || args.filter?.nearPostcode || nearSchoolId != null
            ? await resolveSearchPoint(ctx.db, ctx, {
                near: args.filter?.near,
                nearPostcode: args.filter?.nearPostcode,
                nearSchoolId,
              })
            : null;
        const count = await ctx.db.$count(services, searchWhereSql(services, ctx, filter, point));
        // Only the count asked for (no page: the connection did not run): still a directory search.
        logFirstPage(ctx, args, filter, nearSchoolId, { count: async () => count, serviceIds: [] });
        return count;
      },
    },
    {
      name: 'ServiceConnection', // the published name (API-CONTRACT.md)
      fields: (c) => ({
        totalCountCapped: c.field({
          type: CappedCountRef,
          description: `The matches counted up to ${SEARCH_COUNT_CAP.toLocaleString('en-GB')} (cheap for a broad search at any size); totalCount is exact`,
          resolve: (_connection, _args, ctx, info) => {
            const started = cappedCounts.get(ctx)?.get(pathKey(info.path.prev));
            if (!started) throw new Error('totalCountCapped: the search did not start its count');
            return started;
          },
        }),
      }),
    },
    { name: 'ServiceEdge' },
  ),
);

const PostcodePrecision = builder.enumType('PostcodePrecision', {
  values: {
    FULL: { description: 'The postcode itself is known' },
    OUTWARD: { description: 'Not known: distances are from the centre of its outward code (SE15)' },
    UNKNOWN: { description: 'Neither the postcode nor its outward code is known' },
  },
});
const PostcodeMatchRef = builder.objectRef<PostcodeMatch>('PostcodeMatch').implement({
  fields: (t) => ({
    postcode: t.exposeString('postcode', { description: 'Normalised, like SE15 4QL' }),
    outward: t.exposeString('outward'),
    precision: t.field({ type: PostcodePrecision, resolve: (m) => m.precision }),
    endedOn: t.exposeString('endedOn', {
      nullable: true,
      description:
        'The month the postcode ended (YYYY-MM), when it is not held as a live postcode and the ONS Postcode ' +
        'Directory says it is no longer in use; null otherwise, or when the month was not given',
    }),
  }),
});

builder.queryField('postcode', (t) =>
  t.field({
    type: PostcodeMatchRef,
    nullable: true,
    description: 'How a search measures from this postcode; null when it is not a UK postcode',
    args: { postcode: t.arg.string({ required: true, validate: { maxLength: 10 } }) },
    resolve: (_root, args, ctx) => matchPostcode(ctx.db, args.postcode),
  }),
);
