import { sql } from 'drizzle-orm';
import { children } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { auditChildRead } from '../domain/child-read';
import { idOf } from '../domain/ids';
import { nodeVisibility } from '../node-access';
import { planned } from '../planned';
import { ChildFilter, childListSql } from './child-filter';
import { ChildStatus } from './enums';
import { listArgs, pageSizeRule, relationPage } from './pagination';

type ChildRow = {
  zoneId: number;
  linkWorkerId: number;
  status: string;
  liveCommissions: { organisationId: number }[];
  /** The district of the child's school (a district lead's scope). */
  districtId?: number;
};

const isLinkWorkerOf = (child: ChildRow, ctx: Context) =>
  hasRole(ctx, 'LINK_WORKER') && ctx.viewer.id === child.linkWorkerId;
const isCommissionerFor = (child: ChildRow, ctx: Context) =>
  hasRole(ctx, 'COMMISSIONER') && sameZone(ctx, child.zoneId);
const isProviderFor = (child: ChildRow, ctx: Context) =>
  hasRole(ctx, 'PROVIDER') && child.liveCommissions.some((c) => c.organisationId === ctx.viewer.organisationId);
/**
 * A district lead, for an active child at one of their district's schools: reference, year group,
 * school, budget. Only active ones, as their list and allocating: a child who has left is not theirs to read.
 */
const isDistrictLeadFor = (child: ChildRow, ctx: Context) =>
  hasRole(ctx, 'DISTRICT_LEAD') &&
  child.status === 'ACTIVE' &&
  sameZone(ctx, child.zoneId) &&
  ctx.viewer.districtId != null &&
  Number(child.districtId) === ctx.viewer.districtId;

// Fields a role may not see are nullable: each denial is an error on that field alone
// (FORBIDDEN), never someone else's data, and the rest of the record still resolves.
// PRODUCT.md section 6: the link worker sees their caseload in full; a commissioner sees the
// reference, school, year group and money; a provider sees reference, first name, year group
// and school, and only while it has a live commission for the child. A district lead sees what
// allocating needs (reference, year group, school, budget) for the district's children; a school
// lead no child record at all (their school in aggregate: schoolOverview).
const visible = nodeVisibility(
  'Child',
  (child: ChildRow, ctx) =>
    isLinkWorkerOf(child, ctx) ||
    isCommissionerFor(child, ctx) ||
    isProviderFor(child, ctx) ||
    isDistrictLeadFor(child, ctx),
);
/** The district of the child's school, for the district lead's rule (one subquery in the same statement). */
const districtOfSchool = (table: typeof children) =>
  sql<number>`(select s."districtId" from "schools" s where s."id" = ${table.schoolId})`;

const ChildBudget = builder
  .objectRef<{ period: string; allocatedPence: number; reservedPence: number; spentPence: number }>('ChildBudget')
  .implement({
    description: 'A child’s budget for the current period, derived from the ledger',
    fields: (t) => ({
      period: t.exposeString('period'),
      allocatedPence: t.expose('allocatedPence', { type: 'SafeInt' }),
      reservedPence: t.expose('reservedPence', {
        type: 'SafeInt',
        description: 'Raised or approved, not yet delivered',
      }),
      spentPence: t.expose('spentPence', { type: 'SafeInt' }),
      availablePence: t.field({ type: 'SafeInt', resolve: (b) => b.allocatedPence - b.reservedPence - b.spentPence }),
    }),
  });

export const Child = builder.drizzleNode('children', {
  name: 'Child',
  id: { column: (c) => c.id },
  select: {
    columns: { id: true, zoneId: true, linkWorkerId: true, status: true },
    with: { liveCommissions: { columns: { organisationId: true } } },
    // biome-ignore lint/complexity/noBannedTypes: keeps the extra out of the row type that resolvers return
    extras: { districtId: districtOfSchool } as {},
  },
  authScopes: (child, ctx) => visible(child, ctx),
  fields: (t) => {
    // The type-level select always loads these, but Pothos types a field's parent as the bare row.
    const row = (c: object) => c as ChildRow;
    // A fresh object per field: Pothos takes ownership of the options it is given.
    const linkWorkerOnly = () => ({
      nullable: true as const,
      authScopes: (c: object, _a: unknown, ctx: Context) => isLinkWorkerOf(row(c), ctx),
    });
    return {
      reference: t.exposeString('reference', { description: 'Pseudonymous reference, safe to share' }),
      firstName: t.exposeString('firstName', {
        nullable: true,
        authScopes: (c, _a, ctx) => isLinkWorkerOf(row(c), ctx) || isProviderFor(row(c), ctx),
      }),
      lastName: t.exposeString('lastName', linkWorkerOnly()),
      dateOfBirth: t.expose('dateOfBirth', { type: 'Date', ...linkWorkerOnly() }),
      needs: t.exposeStringList('needs', linkWorkerOnly()),
      programmeStart: t.expose('programmeStart', { type: 'Date', ...linkWorkerOnly() }),
      programmeEnd: t.expose('programmeEnd', { type: 'Date', ...linkWorkerOnly() }),
      status: t.expose('status', {
        type: ChildStatus,
        nullable: true,
        authScopes: (c, _a, ctx) => isLinkWorkerOf(row(c), ctx) || isCommissionerFor(row(c), ctx),
      }),
      yearGroup: t.exposeInt('yearGroup'),
      school: t.relation('school'),
      linkWorker: t.relation('linkWorker', linkWorkerOnly()),
      budget: t.field({
        type: ChildBudget,
        nullable: true,
        authScopes: (c, _a, ctx) =>
          isLinkWorkerOf(row(c), ctx) || isCommissionerFor(row(c), ctx) || isDistrictLeadFor(row(c), ctx),
        select: (_args, ctx) => ({
          with: { budgets: { where: { period: ctx.viewer?.period ?? '' }, limit: 1 } },
        }),
        resolve: (c, _a, ctx) =>
          (
            c as unknown as {
              budgets: { period: string; allocatedPence: number; reservedPence: number; spentPence: number }[];
            }
          ).budgets[0] ?? { period: ctx.viewer?.period ?? '', allocatedPence: 0, reservedPence: 0, spentPence: 0 },
      }),
      commissions: t.relation('commissions', {
        description: 'Newest first; a provider sees only those addressed to it; a district lead none',
        query: (_args, ctx) => ({
          where:
            ctx.viewer?.role === 'DISTRICT_LEAD'
              ? { id: -1 }
              : ctx.viewer?.role === 'PROVIDER'
                ? {
                    organisationId: ctx.viewer.organisationId ?? -1,
                    approvedAt: { isNotNull: true as const },
                    pausedAt: { isNull: true as const },
                  }
                : {},
          orderBy: { id: 'desc' },
        }),
      }),
      outcomeMeasures: t.relation('outcomeMeasures', {
        ...linkWorkerOnly(),
        description: 'The child’s scores, oldest first (a page: limit, offset)',
        args: listArgs(t),
        query: (args) => ({ orderBy: { measuredOn: 'asc', id: 'asc' }, ...relationPage(args) }),
      }),
    };
  },
});

export const OutcomeMeasure = builder.drizzleObject('outcomeMeasures', {
  name: 'OutcomeMeasure',
  description: 'A dated score, e.g. SDQ total difficulties (0-40, lower is better)',
  fields: (t) => ({
    measure: t.exposeString('measure'),
    item: t.exposeString('item', { description: 'The goal this score is for (measures scored per goal); else empty' }),
    score: t.exposeInt('score'),
    late: t.exposeBoolean('late', { description: 'Recorded after its scheduled window closed' }),
    measuredOn: t.expose('measuredOn', { type: 'Date' }),
    note: t.exposeString('note'),
  }),
});

builder.queryField('child', (t) =>
  t.drizzleField({
    type: Child,
    nullable: true,
    authScopes: { role: ['LINK_WORKER', 'COMMISSIONER', 'PROVIDER', 'DISTRICT_LEAD'] },
    description: 'One child’s record (null if not yours to see); a link worker’s read is audited',
    args: { id: t.arg.id({ required: true }) },
    resolve: async (query, _root, args, ctx) => {
      const id = idOf(args.id, 'Child', ['id']);
      const child = await ctx.db.query.children.findFirst(
        query({ where: { id }, with: { liveCommissions: { columns: { organisationId: true } } } }),
      );
      if (!child || !visible(child as unknown as ChildRow, ctx)) return null;
      await auditChildRead(ctx, id);
      return child;
    },
  }),
);

builder.queryField('children', (t) =>
  t.drizzleConnection({
    type: Child,
    maxSize: 100,
    validate: pageSizeRule as never,
    defaultSize: 50,
    authScopes: { role: ['COMMISSIONER', 'LINK_WORKER', 'DISTRICT_LEAD'] },
    description:
      'Active children, by reference: a commissioner sees the zone’s (optionally one school’s), a link worker their caseload, a district lead their district’s',
    args: { schoolId: t.arg.id(), filter: t.arg({ type: ChildFilter }) },
    resolve: async (query, _root, args, ctx) => {
      const where = await childListSql(ctx, args);
      return planned(
        ctx.db.query.children.findMany(
          query({ where: { RAW: (table) => where(table as typeof children) }, orderBy: { reference: 'asc' } }),
        ),
      );
    },
    totalCount: async (_root, args, ctx) => await ctx.db.$count(children, (await childListSql(ctx, args))(children)),
  }),
);
