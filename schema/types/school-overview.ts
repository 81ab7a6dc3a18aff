import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder';
import { type SchoolOverview, schoolOverview } from '../domain/school-overview';
import { MeasureType } from './measure';
import { SpendRowType } from './report';

// A head teacher's view of their school (PRODUCT.md: a school lead sees counts and pseudonymous
// references, never names; money and outcomes only in aggregate).

const YearGroupCount = builder.objectRef<{ yearGroup: number; children: number }>('YearGroupCount').implement({
  fields: (t) => ({ yearGroup: t.exposeInt('yearGroup'), children: t.exposeInt('children') }),
});

const SchoolOutcomes = builder.objectRef<SchoolOverview['outcomes']>('SchoolOutcomes').implement({
  description:
    'The school’s children with a baseline and a follow-up on the headline measure, and how many reliably improved. Every figure is null when suppressed (fewer than 10 children).',
  fields: (t) => ({
    measure: t.field({ type: MeasureType, resolve: (o) => o.measure }),
    suppressed: t.exposeBoolean('suppressed', { description: 'Fewer than 10 children: no figure is shown' }),
    children: t.int({ nullable: true, resolve: (o) => o.cohort?.children ?? null }),
    reliablyImproved: t.int({ nullable: true, resolve: (o) => o.cohort?.improved ?? null }),
    shareImproved: t.float({ nullable: true, resolve: (o) => o.cohort?.share ?? null }),
  }),
});

const SchoolOverviewType = builder.objectRef<SchoolOverview>('SchoolOverview').implement({
  description: 'A school lead’s own school in aggregate: no child’s name, date of birth or address',
  fields: (t) => ({
    schoolName: t.string({ resolve: (o) => o.school.name }),
    districtId: t.id({
      description: 'The school’s district, for its local offer (services filter servesDistrictId)',
      resolve: (o) => encodeGlobalID('District', o.school.districtId),
    }),
    districtName: t.string({ resolve: (o) => o.school.district }),
    childrenInProgramme: t.int({ resolve: (o) => o.references.length }),
    childReferences: t.stringList({
      description: 'Pseudonymous references of the school’s children in the programme',
      resolve: (o) => o.references,
    }),
    byYearGroup: t.field({ type: [YearGroupCount], resolve: (o) => o.byYearGroup }),
    spend: t.field({
      type: SpendRowType,
      description: 'This budget period, all the school’s children',
      resolve: (o) => o.total,
    }),
    byCategory: t.field({ type: [SpendRowType], resolve: (o) => o.byCategory }),
    byProvider: t.field({ type: [SpendRowType], resolve: (o) => o.byProvider }),
    outcomes: t.field({ type: SchoolOutcomes, resolve: (o) => o.outcomes }),
  }),
});

builder.queryField('schoolOverview', (t) =>
  t.field({
    type: SchoolOverviewType,
    nullable: true,
    authScopes: { role: ['SCHOOL_LEAD'] },
    description: 'School leads: their own school’s children, spend and outcomes in aggregate, this budget period',
    resolve: (_root, _args, ctx) => {
      const v = ctx.viewer!;
      return v.schoolId ? schoolOverview(ctx.db, v.zoneId, v.schoolId, { period: v.period }) : null;
    },
  }),
);
