import { zones } from '../../drizzle/schema';
import { builder } from '../builder';
import { sameZone } from '../domain/access';
import { nodeVisibility } from '../node-access';
import { LocalOfferSchedule } from './local-offer';

const visible = nodeVisibility('Zone', (zone: { id: number }, ctx) => sameZone(ctx, zone.id));

export const Zone = builder.drizzleNode('zones', {
  name: 'Zone',
  id: { column: (z) => z.id },
  authScopes: (zone, ctx) => visible(zone, ctx),
  fields: (t) => ({
    slug: t.exposeString('slug'),
    name: t.exposeString('name'),
    currentPeriod: t.exposeString('currentPeriod', { description: 'The budget period in force, e.g. 2026-27' }),
    delegatedLimitPence: t.expose('delegatedLimitPence', {
      type: 'SafeInt',
      description: 'Commissions at or under this amount are approved when raised',
    }),
    responseWorkingDays: t.exposeInt('responseWorkingDays', {
      description: 'Working days (England and Wales) a provider has to accept or decline an approved commission',
    }),
    lapseGraceWorkingDays: t.exposeInt('lapseGraceWorkingDays', {
      description: 'Working days after that deadline before an unanswered commission lapses (EXPIRED)',
    }),
    listingEditsNeedApproval: t.exposeBoolean('listingEditsNeedApproval', {
      description: 'Changes to a published listing wait for a commissioner or administrator to approve them',
    }),
    delegatedLimitCountsSameService: t.exposeBoolean('delegatedLimitCountsSameService', {
      description:
        "The delegated limit counts a child's other open commissions for the same service this period, so splitting one purchase into small ones still needs a commissioner. Off: each commission is judged alone",
    }),
    localOfferSchedule: t.field({
      type: LocalOfferSchedule,
      description: 'How often district and school leads are emailed the local offer digest: OFF, WEEKLY or MONTHLY',
      resolve: (z) => z.localOfferSchedule as 'OFF' | 'WEEKLY' | 'MONTHLY',
    }),
  }),
});

// The partnerships hosted here, for the public directory's choice of area: names only.
const Partnership = builder.objectRef<{ slug: string; name: string }>('Partnership').implement({
  fields: (t) => ({ slug: t.exposeString('slug'), name: t.exposeString('name') }),
});

builder.queryField('partnerships', (t) =>
  t.field({
    type: [Partnership],
    description: 'Every partnership (zone) on this deployment, by name',
    resolve: (_root, _args, ctx) =>
      ctx.db.select({ slug: zones.slug, name: zones.name }).from(zones).orderBy(zones.name, zones.slug),
  }),
);
