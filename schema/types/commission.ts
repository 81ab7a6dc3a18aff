import { and, eq, inArray, isNotNull, isNull, type SQL, sql } from 'drizzle-orm';
import { children, commissions } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { normaliseReference } from '../domain/commission-reference';
import { ForbiddenError, ValidationError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { responseDeadline } from '../domain/working-days';
import { nodeVisibility } from '../node-access';
import { CommissionStatus } from './enums';
import { pageSizeRule } from './pagination';

// Providers see commissions once they are addressed to them, i.e. once approved: never one
// that was rejected or cancelled while still waiting for a commissioner. While the family's
// consent is withdrawn (pausedAt) a provider sees none of it: only its reference, through
// pausedCommissions (schema/types/consent.ts).
type CommissionRow = {
  zoneId: number;
  organisationId: number;
  linkWorkerId: number;
  approvedAt: Date | null;
  pausedAt: Date | null;
};

export function canSeeCommission(c: CommissionRow, ctx: Context): boolean {
  if (hasRole(ctx, 'COMMISSIONER')) return sameZone(ctx, c.zoneId);
  if (hasRole(ctx, 'LINK_WORKER')) return ctx.viewer.id === c.linkWorkerId;
  if (hasRole(ctx, 'PROVIDER')) {
    return ctx.viewer.organisationId === c.organisationId && c.approvedAt !== null && c.pausedAt === null;
  }
  return false;
}

/** The same rule as SQL, for lists: one statement whatever the page size. */
export function commissionVisibilitySql(table: typeof commissions, ctx: Context): SQL {
  const v = ctx.viewer;
  if (!v) return sql`false`;
  if (v.role === 'COMMISSIONER') return eq(table.zoneId, v.zoneId);
  if (v.role === 'LINK_WORKER') return eq(table.linkWorkerId, v.id);
  if (v.role === 'PROVIDER' && v.organisationId) {
    return and(eq(table.organisationId, v.organisationId), isNotNull(table.approvedAt), isNull(table.pausedAt))!;
  }
  return sql`false`;
}

const visible = nodeVisibility('Commission', canSeeCommission);

/** The provider is working on it now: what lets it see the child (as Child.liveCommissions). */
const liveForProvider = (c: CommissionRow & { status: string }) =>
  (c.status === 'APPROVED' || c.status === 'ACCEPTED') && c.pausedAt === null;

const CommissionEvent = builder.drizzleObject('commissionEvents', {
  name: 'CommissionEvent',
  description: 'One step in a commission’s timeline',
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    action: t.exposeString('action'),
    fromStatus: t.expose('fromStatus', { type: CommissionStatus, nullable: true }),
    toStatus: t.expose('toStatus', { type: CommissionStatus }),
    actor: t.relation('actor', { nullable: true, description: 'Null for the portal’s own steps (deadlines)' }),
    // Providers read their own organisation's notes and the portal's own; what a link worker or
    // commissioner wrote (a reason for cancelling, often about the child and family) stays with them,
    // as a RAISED note (written before requestToProvider existed: the rationale) always did.
    note: t.string({
      select: { columns: { note: true, action: true }, with: { actor: { columns: { organisationId: true } } } },
      resolve: (e, _args, ctx) => {
        if (ctx.viewer?.role !== 'PROVIDER') return e.note;
        if (e.action === 'RAISED') return '';
        return e.actor == null || e.actor.organisationId === ctx.viewer.organisationId ? e.note : '';
      },
    }),
  }),
});

export const Commission = builder.drizzleNode('commissions', {
  name: 'Commission',
  id: { column: (c) => c.id },
  select: {
    columns: { zoneId: true, organisationId: true, linkWorkerId: true, approvedAt: true, pausedAt: true, status: true },
  },
  authScopes: (c, ctx) => visible(c, ctx),
  fields: (t) => ({
    reference: t.exposeString('reference', { description: 'Short human reference, e.g. CR-7KQ2M, unique in the zone' }),
    status: t.expose('status', { type: CommissionStatus }),
    // A provider sees the child only while this commission is live (approved or accepted, not
    // paused); after that the field is simply null for it, not an error per row, so a provider's
    // list asks for `child` in its one query. Every other role's rule is the Child node's own.
    child: t.relation('child', {
      nullable: true,
      description:
        'The child it is for. A provider sees the child only while the commission is live (approved or accepted, not paused): null afterwards, without an error',
      authScopes: (c, _args, ctx) =>
        !hasRole(ctx, 'PROVIDER') || liveForProvider(c as CommissionRow & { status: string }),
      unauthorizedResolver: () => null,
    }),
    service: t.relation('service'),
    organisation: t.relation('organisation'),
    linkWorker: t.relation('linkWorker'),
    units: t.exposeInt('units'),
    unitPricePence: t.expose('unitPricePence', { type: 'SafeInt', description: 'Copied from the listing when raised' }),
    amountPence: t.expose('amountPence', { type: 'SafeInt' }),
    unitsDelivered: t.exposeInt('unitsDelivered'),
    rationale: t.exposeString('rationale', {
      nullable: true,
      description: 'The link worker’s reasons, about the child and family: link worker and commissioners only',
      authScopes: { role: ['LINK_WORKER', 'COMMISSIONER'] },
    }),
    requestToProvider: t.exposeString('requestToProvider', {
      description: 'What the provider is asked to deliver, written for them by the link worker',
    }),
    requestedStartDate: t.expose('requestedStartDate', { type: 'Date', nullable: true }),
    respondBy: t.field({
      type: 'Date',
      nullable: true,
      description:
        'While APPROVED: the provider accepts or declines by the end of this day (the zone’s working days after approval), or it lapses after the grace period',
      select: {
        columns: { status: true, approvedAt: true },
        with: { zone: { columns: { responseWorkingDays: true, lapseGraceWorkingDays: true } } },
      },
      resolve: (c) =>
        c.status === 'APPROVED' && c.approvedAt ? responseDeadline(c.approvedAt, c.zone).respondBy : null,
    }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    pausedAt: t.expose('pausedAt', {
      type: 'DateTime',
      nullable: true,
      description: 'Set while paused because the family withdrew consent (only cancelling is possible meanwhile)',
    }),
    contract: t.relation('contract', {
      nullable: true,
      description: 'The block contract it was raised under (places drawn down instead of units priced)',
    }),
    stretch: t.exposeBoolean('stretch', {
      description: 'A place beyond the contract’s block: approved by a commissioner, charged to the child’s budget',
    }),
    events: t.relation('events', { type: CommissionEvent, query: { orderBy: { id: 'asc' } } }),
  }),
});

const CommissionFilter = builder.inputType('CommissionFilter', {
  fields: (t) => ({
    status: t.field({ type: [CommissionStatus] }),
    childId: t.id(),
    reference: t.string({
      description: 'A commission reference as typed (case, spaces, the CR- prefix and hyphens do not matter)',
      validate: { maxLength: 20 },
    }),
    serviceId: t.id({ description: 'Only commissions for this service' }),
    organisationId: t.id({ description: 'Only commissions addressed to this provider organisation' }),
    childReference: t.string({
      description: 'The child’s pseudonymous reference, exactly: link workers and commissioners only',
      validate: { maxLength: 40 },
    }),
    raisedFrom: t.field({ type: 'Date', description: 'Raised on or after this day (UTC)' }),
    raisedTo: t.field({ type: 'Date', description: 'Raised on or before this day (UTC)' }),
  }),
});

const CommissionOrder = builder.enumType('CommissionOrder', {
  description:
    'How a commission list is sorted; every order breaks ties newest first. RESPOND_BY_SOONEST: those waiting for the provider, soonest respondBy first (the same deadline: approved earlier first), then the rest (no deadline)',
  values: ['RAISED_NEWEST', 'RAISED_OLDEST', 'VALUE_HIGHEST', 'VALUE_LOWEST', 'STATUS', 'RESPOND_BY_SOONEST'] as const,
});
type Order = (typeof CommissionOrder)['$inferType'];

const ORDERS: Record<Order, Record<string, 'asc' | 'desc'>> = {
  RAISED_NEWEST: { id: 'desc' },
  RAISED_OLDEST: { id: 'asc' },
  VALUE_HIGHEST: { amountPence: 'desc', id: 'desc' },
  VALUE_LOWEST: { amountPence: 'asc', id: 'desc' },
  STATUS: { status: 'asc', id: 'desc' },
  RESPOND_BY_SOONEST: { respondByDay: 'asc', id: 'desc' },
};

/**
 * RESPOND_BY_SOONEST's key, in SQL. respondBy is the zone's N working days after the London day a
 * commission was approved (schema/domain/working-days.ts): for a fixed N it never decreases as that
 * day advances, so ordering by the approval day orders by the deadline. Every list a viewer gets is
 * inside one zone (a commissioner's zone, a link worker's caseload, a provider organisation's zone),
 * so one N applies. Commissions without a deadline (not APPROVED: answered, or not yet approved) get
 * a key past every day and sort last, newest first. Never null: the cursor compares it.
 */
const respondByDay = (t: typeof commissions) =>
  sql<number>`(case when ${t.status} = 'APPROVED' and ${t.approvedAt} is not null then (${t.approvedAt} at time zone 'Europe/London')::date - date '2000-01-01' else 2147483647 end)`;

type Filter = {
  status?: string[] | null;
  childId?: string | number | null;
  reference?: string | null;
  serviceId?: string | number | null;
  organisationId?: string | number | null;
  childReference?: string | null;
  raisedFrom?: string | null;
  raisedTo?: string | null;
};

function filterSql(table: typeof commissions, ctx: Context, filter: Filter | null | undefined) {
  const parts: (SQL | undefined)[] = [commissionVisibilitySql(table, ctx)];
  if (filter?.status?.length)
    parts.push(inArray(table.status, filter.status as (typeof commissions.$inferSelect)['status'][]));
  if (filter?.childId != null) parts.push(eq(table.childId, idOf(filter.childId, 'Child', ['filter', 'childId'])));
  if (filter?.reference != null && filter.reference.trim() !== '') {
    const reference = normaliseReference(filter.reference);
    if (!reference) throw ValidationError.field(['filter', 'reference'], 'A commission reference looks like CR-7KQ2M');
    parts.push(eq(table.reference, reference));
  }
  if (filter?.serviceId != null)
    parts.push(eq(table.serviceId, idOf(filter.serviceId, 'Service', ['filter', 'serviceId'])));
  if (filter?.organisationId != null)
    parts.push(eq(table.organisationId, idOf(filter.organisationId, 'Organisation', ['filter', 'organisationId'])));
  if (filter?.childReference != null && filter.childReference.trim() !== '') {
    // Providers never learn which child a request is for from its pseudonymous reference.
    if (ctx.viewer?.role === 'PROVIDER')
      throw new ForbiddenError('Providers cannot filter commissions by the child’s reference');
    const ref = filter.childReference.trim().toUpperCase();
    // The viewer's zone's children only (every list is inside one zone): not a scan of every zone's.
    parts.push(
      sql`${table.childId} in (select ${children.id} from ${children} where ${children.zoneId} = ${ctx.viewer!.zoneId} and upper(${children.reference}) = ${ref})`,
    );
  }
  if (filter?.raisedFrom && filter?.raisedTo && filter.raisedFrom > filter.raisedTo)
    throw ValidationError.field(['filter', 'raisedTo'], 'The end date must be on or after the start date');
  if (filter?.raisedFrom)
    parts.push(sql`${table.createdAt} >= (${filter.raisedFrom}::date::timestamp at time zone 'UTC')`);
  if (filter?.raisedTo)
    parts.push(sql`${table.createdAt} < ((${filter.raisedTo}::date + 1)::timestamp at time zone 'UTC')`);
  return and(...parts)!;
}

builder.queryField('commissions', (t) =>
  t.drizzleConnection(
    {
      type: Commission,
      maxSize: 100,
      defaultSize: 20,
      validate: pageSizeRule as never,
      authScopes: { role: ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER'] },
      description:
        'Newest first. Link workers: their caseload’s; providers: those addressed to their organisation; commissioners: the zone’s',
      args: {
        filter: t.arg({ type: CommissionFilter }),
        orderBy: t.arg({ type: CommissionOrder, description: 'Newest raised first when not given' }),
      },
      resolve: (query, _root, args, ctx) =>
        // The planner adds the selected columns at run time; the static type only sees the extras.
        ctx.db.query.commissions.findMany(
          query({
            where: { RAW: (table) => filterSql(table as typeof commissions, ctx, args.filter) },
            ...(args.orderBy === 'RESPOND_BY_SOONEST'
              ? { extras: { respondByDay: (table) => respondByDay(table as typeof commissions) } }
              : {}),
            orderBy: ORDERS[(args.orderBy ?? 'RAISED_NEWEST') as Order],
          }),
        ) as unknown as Promise<(typeof commissions.$inferSelect)[]>,
      totalCount: async (_root, args, ctx) =>
        await ctx.db.$count(commissions, filterSql(commissions, ctx, args.filter)),
    },
    { name: 'CommissionConnection' }, // the published name (API-CONTRACT.md)
    { name: 'CommissionEdge' },
  ),
);
