import { builder } from '../builder';
import {
  type NoResultSearchRow,
  type UnmetNeedDistrictRow,
  type UnmetNeedGroupRow,
  type UnmetNeedReport,
  unmetNeedReport,
  unmetNeedWindow,
} from '../domain/unmet-need-report';

// The unmet-need report (issue 12, point 7): the zone's commissioners and administrators only.
const NoResultSearch = builder.objectRef<NoResultSearchRow>('NoResultSearch').implement({
  description: 'Directory searches that found nothing, counted by normalised text, district and category',
  fields: (t) => ({
    queryText: t.exposeString('queryText', { description: 'Lower case, single spaces; empty when only filters' }),
    districtName: t.exposeString('districtName', { nullable: true }),
    categorySlug: t.exposeString('categorySlug', { nullable: true }),
    categoryName: t.exposeString('categoryName', { nullable: true, description: 'The category as people read it' }),
    count: t.exposeInt('count'),
  }),
});

const UnmetNeedGroup = builder.objectRef<UnmetNeedGroupRow>('UnmetNeedGroup').implement({
  description: 'Needs recorded with no suitable service, by need and the child’s school’s district',
  fields: (t) => ({
    needTag: t.exposeString('needTag'),
    districtName: t.exposeString('districtName', { nullable: true }),
    count: t.exposeInt('count'),
    triedExamples: t.exposeStringList('triedExamples', { description: 'Up to three, newest first' }),
  }),
});

const UnmetNeedDistrict = builder.objectRef<UnmetNeedDistrictRow>('UnmetNeedDistrict').implement({
  fields: (t) => ({
    districtName: t.exposeString('districtName', { nullable: true, description: 'Null: no district known' }),
    noResultSearches: t.exposeInt('noResultSearches'),
    unmetNeeds: t.exposeInt('unmetNeeds'),
  }),
});

const UnmetNeedReportRef = builder.objectRef<UnmetNeedReport>('UnmetNeedReport').implement({
  fields: (t) => ({
    from: t.exposeString('from'),
    to: t.exposeString('to'),
    searches: t.exposeInt('searches', { description: 'Directory searches logged in the zone in the period' }),
    noResultSearchCount: t.exposeInt('noResultSearchCount'),
    followedByCommission: t.exposeInt('followedByCommission', {
      description:
        'Searches followed within two hours, in the same session, by a commission for a listing they showed (a lower bound)',
    }),
    noResultSearches: t.field({ type: [NoResultSearch], resolve: (r) => r.noResultSearches }),
    unmetNeeds: t.field({ type: [UnmetNeedGroup], resolve: (r) => r.unmetNeeds }),
    byDistrict: t.field({ type: [UnmetNeedDistrict], resolve: (r) => r.byDistrict }),
  }),
});

builder.queryField('unmetNeedReport', (t) =>
  t.field({
    type: UnmetNeedReportRef,
    authScopes: { role: ['COMMISSIONER', 'ADMIN'] },
    description:
      'Searches with no results and needs recorded with no service, from and to given days (UTC, inclusive; by default the last three months)',
    args: {
      from: t.arg({ type: 'Date' }),
      to: t.arg({ type: 'Date' }),
    },
    resolve: (_root, args, ctx) =>
      unmetNeedReport(ctx.db, ctx.viewer!.zoneId, unmetNeedWindow({ from: args.from, to: args.to }, ctx.now())),
  }),
);
