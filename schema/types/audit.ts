import { builder } from '../builder';
import { hasRole, sameZone } from '../domain/access';
import { nodeVisibility } from '../node-access';
import { planned } from '../planned';

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
