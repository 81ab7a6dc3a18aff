import { encodeGlobalID } from '@pothos/plugin-relay';
import { builder } from '../builder';
import { hasRole, sameZone } from '../domain/access';
import { nodeVisibility } from '../node-access';
import { planned } from '../planned';
import { Commission, canSeeCommission } from './commission';

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

builder.queryField('auditEvents', (t) =>
  t.drizzleConnection({
    type: AuditEvent,
    maxSize: 100,
    defaultSize: 50,
    authScopes: { role: ['COMMISSIONER', 'ADMIN'] },
    args: { action: t.arg.string({ validate: { maxLength: 60 } }) },
    resolve: (query, _root, args, ctx) =>
      planned(
        ctx.db.query.auditEvents.findMany(
          query({
            where: { zoneId: ctx.viewer!.zoneId, ...(args.action ? { action: args.action } : {}) },
            orderBy: { id: 'desc' },
          }),
        ),
      ),
  }),
);
