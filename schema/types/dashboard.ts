import { commissions } from '../../drizzle/schema';
import { builder } from '../builder';
import { type Dashboard, dashboard, type StatusCount } from '../domain/dashboard';
import { commissionVisibilitySql } from './commission';
import { CommissionStatus } from './enums';

// Each role's landing page (issue 14 point 9): counts by status, each linking to its filtered list.

const StatusCountType = builder.objectRef<StatusCount>('CommissionStatusCount').implement({
  fields: (t) => ({
    status: t.field({ type: CommissionStatus, resolve: (c) => c.status as never }),
    count: t.exposeInt('count'),
  }),
});

const count = (description: string) => ({ nullable: true, description }) as const;

const DashboardType = builder.objectRef<Dashboard>('Dashboard').implement({
  description: 'The signed-in person’s dashboard: counts only, each null when it is not for their role',
  fields: (t) => ({
    commissionsByStatus: t.field({
      type: [StatusCountType],
      description:
        'Commissions the viewer may see, by status (statuses with none are left out): a link worker’s own, a provider’s incoming, the zone’s for commissioners, their district’s or school’s for leads; none for administrators',
      resolve: (d) => d.commissionsByStatus,
    }),
    approvalsWaiting: t.exposeInt('approvalsWaiting', count('Commissioners: requests waiting for approval')),
    listingsDueForReview: t.exposeInt(
      'listingsDueForReview',
      count('Providers: published listings unreviewed for five months or more (stale ones included)'),
    ),
    staleListings: t.exposeInt('staleListings', count('Providers: published listings unreviewed for six months')),
    listingChangesWaiting: t.exposeInt(
      'listingChangesWaiting',
      count('Commissioners and administrators: listing changes waiting for approval'),
    ),
    organisationRequestsWaiting: t.exposeInt(
      'organisationRequestsWaiting',
      count('Administrators: requests to join the directory waiting for a decision'),
    ),
    outcomesDue: t.exposeInt('outcomesDue', count('Link workers: caseload children with an outcome measure due')),
    outcomesOverdue: t.exposeInt(
      'outcomesOverdue',
      count('Link workers: caseload children with an outcome measure overdue'),
    ),
  }),
});

builder.queryField('dashboard', (t) =>
  t.field({
    type: DashboardType,
    authScopes: { signedIn: true },
    description: 'The signed-in person’s dashboard, for their role and scope, in one SQL statement',
    resolve: (_root, _args, ctx) =>
      dashboard(ctx.db, ctx.viewer!, ctx.now(), commissionVisibilitySql(commissions, ctx)),
  }),
);
