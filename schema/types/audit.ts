import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, type SQL, sql } from 'drizzle-orm';
import { auditEvents, commissions, users } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { normaliseReference } from '../domain/commission-reference';
import { ValidationError } from '../domain/errors';
import { likeLiteral } from '../domain/text';
import { nodeVisibility } from '../node-access';
import { planned } from '../planned';
import { Commission, canSeeCommission } from './commission';
import { pageSizeRule } from './pagination';

// The zone's audit trail: who did what to which record, newest first. Commissioners and
// administrators only; each sees their own zone's.
const visible = nodeVisibility(
  'AuditEvent',
  (e: { zoneId: number }, ctx) => hasRole(ctx, 'COMMISSIONER', 'ADMIN') && sameZone(ctx, e.zoneId),
);

const AuditEvent = builder.drizzleNode('auditEvents', {
  name: 'AuditEvent',
  id: { column: (e) => e.id },
  select: { columns: { zoneId: true } },
  authScopes: (e, ctx) => visible(e, ctx),
  fields: (t) => ({
    at: t.expose('at', { type: 'DateTime' }),
    action: t.exposeString('action'),
    entityType: t.exposeString('entityType'),
    entityId: t.id({
      description: 'The global ID of the record the event concerns (of type entityType)',
      select: { columns: { entityType: true, entityId: true } },
      resolve: (e) => encodeGlobalID(e.entityType, e.entityId),
    }),
    // Loaded in the page's own statement (a join), so a page costs the same however many rows
    // concern commissions. Null for other records, and for a viewer who may not see the commission.
    commission: t.field({
      type: Commission,
      nullable: true,
      description: 'The commission the event concerns, when it concerns one',
      select: (_args, _ctx, nestedSelection) => ({
        columns: { entityType: true },
        with: { commission: nestedSelection() },
      }),
      resolve: (e, _args, ctx) =>
        e.entityType === 'Commission' && e.commission && canSeeCommission(e.commission, ctx) ? e.commission : null,
    }),
    actor: t.relation('actor', { nullable: true }),
  }),
});

const AuditFilter = builder.inputType('AuditFilter', {
  description: 'Narrows the audit trail; every part is optional and they combine',
  fields: (t) => ({
    actor: t.string({
      description: 'Part of the name or email of the person who acted, as typed (case does not matter)',
      validate: { maxLength: 100 },
    }),
    from: t.field({ type: 'Date', description: 'On or after this day (UTC)' }),
    to: t.field({ type: 'Date', description: 'On or before this day (UTC)' }),
    commissionReference: t.string({
      description: 'Events on this commission; the reference as typed (case, spaces and the CR- prefix do not matter)',
      validate: { maxLength: 20 },
    }),
  }),
});

type Filter = { actor?: string | null; from?: string | null; to?: string | null; commissionReference?: string | null };

function auditFilterSql(
  table: typeof auditEvents,
  ctx: Context,
  action: string | null | undefined,
  filter?: Filter | null,
) {
  const zoneId = ctx.viewer!.zoneId;
  const parts: (SQL | undefined)[] = [eq(table.zoneId, zoneId)];
  if (action) parts.push(eq(table.action, action));
  const actor = filter?.actor?.trim();
  if (actor)
    parts.push(
      sql`${table.actorId} in (select ${users.id} from ${users} where ${users.zoneId} = ${zoneId} and (${users.name} ilike ${likeLiteral(actor)} or ${users.email} ilike ${likeLiteral(actor)}))`,
    );
  if (filter?.from && filter?.to && filter.from > filter.to)
    throw ValidationError.field(['filter', 'to'], 'The end date must be on or after the start date');
  if (filter?.from) parts.push(sql`${table.at} >= (${filter.from}::date::timestamp at time zone 'UTC')`);
  if (filter?.to) parts.push(sql`${table.at} < ((${filter.to}::date + 1)::timestamp at time zone 'UTC')`);
  if (filter?.commissionReference != null && filter.commissionReference.trim() !== '') {
    const reference = normaliseReference(filter.commissionReference);
    if (!reference)
      throw ValidationError.field(['filter', 'commissionReference'], 'A commission reference looks like CR-7KQ2M');
    parts.push(
      sql`${table.entityType} = 'Commission' and ${table.entityId} in (select ${commissions.id} from ${commissions} where ${commissions.zoneId} = ${zoneId} and ${commissions.reference} = ${reference})`,
    );
  }
  return and(...parts)!;
}

builder.queryField('auditEvents', (t) =>
  t.drizzleConnection({
    type: AuditEvent,
    maxSize: 100,
    validate: pageSizeRule as never,
    defaultSize: 50,
    authScopes: { role: ['COMMISSIONER', 'ADMIN'] },
    args: {
      action: t.arg.string({ validate: { maxLength: 60 } }),
      filter: t.arg({ type: AuditFilter }),
    },
    resolve: (query, _root, args, ctx) =>
      planned(
        ctx.db.query.auditEvents.findMany(
          query({
            where: { RAW: (table) => auditFilterSql(table as typeof auditEvents, ctx, args.action, args.filter) },
            orderBy: { id: 'desc' },
          }),
        ),
      ),
    totalCount: async (_root, args, ctx) =>
      await ctx.db.$count(auditEvents, auditFilterSql(auditEvents, ctx, args.action, args.filter)),
  }),
);
