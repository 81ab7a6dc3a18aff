import { inArray } from 'drizzle-orm';
import { organisations, services } from '../../drizzle/schema';
import { type BuilderTypes, builder } from '../builder';
import { canSeeService } from '../domain/access';
import { ValidationError } from '../domain/errors';
import { findMeasure } from '../domain/measures';
import { OUTCOME_ORDERS, type ServiceOutcomeRow, serviceOutcomes } from '../domain/outcomes';
import { MeasureType } from './measure';
import { Organisation } from './organisation';
import { listArgs, listPage } from './pagination';
import { Service } from './service';

// Outcomes per service: an association between being commissioned for a service and reliable
// improvement, never proof that the service caused it. Fewer than 10 children: no figures.

/** The figures a service and a provider share: the cohort, its spend, and the comparison. */
function figureFields<R extends ServiceOutcomeRow>(t: PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, R>) {
  return {
    suppressed: t.boolean({
      resolve: (r) => r.suppressed,
      description:
        'No figure is shown (nor the comparison): fewer than 10 children, or (a provider) it would give a suppressed service back',
    }),
    complementarySuppressed: t.boolean({
      resolve: (r) => r.complementary,
      description:
        'Suppressed although it has 10 or more children: the provider row minus its shown services would give back 1 to 9 children of its suppressed (or unlisted) services',
    }),
    children: t.int({ nullable: true, resolve: (r) => r.cohort?.children ?? null }),
    reliablyImproved: t.int({ nullable: true, resolve: (r) => r.cohort?.improved ?? null }),
    shareImproved: t.float({ nullable: true, resolve: (r) => r.cohort?.share ?? null }),
    shareLower: t.float({
      nullable: true,
      description: 'Wilson 95% interval',
      resolve: (r) => r.cohort?.lower ?? null,
    }),
    shareUpper: t.float({
      nullable: true,
      description: 'Wilson 95% interval',
      resolve: (r) => r.cohort?.upper ?? null,
    }),
    spendPence: t.field({
      type: 'SafeInt',
      nullable: true,
      description:
        'Spend on these children’s commissions for this service (or provider): a completed one’s delivered value (units delivered x unit price, as the ledger spent it), an accepted one’s full amount (reserved), a place drawn from a block contract at the contract’s price per place',
      resolve: (r) => r.spendPence,
    }),
    costPerImprovedChildPence: t.field({
      type: 'SafeInt',
      nullable: true,
      description: 'Spend divided by the children reliably improved (rounded to the penny); null when none improved',
      resolve: (r) => r.costPerImprovedChildPence,
    }),
    comparisonSuppressed: t.boolean({
      resolve: (r) => r.comparisonSuppressed,
      description:
        'No comparison is shown: the row is suppressed (the zone’s total minus the comparison would give it back) or the comparison has fewer than 10 children',
    }),
    comparisonChildren: t.int({
      nullable: true,
      description:
        'The zone’s children with a baseline and a follow-up who were not commissioned for this service (or provider)',
      resolve: (r) => r.comparison?.children ?? null,
    }),
    comparisonImproved: t.int({ nullable: true, resolve: (r) => r.comparison?.improved ?? null }),
    comparisonShare: t.float({ nullable: true, resolve: (r) => r.comparison?.share ?? null }),
    comparisonLower: t.float({ nullable: true, resolve: (r) => r.comparison?.lower ?? null }),
    comparisonUpper: t.float({ nullable: true, resolve: (r) => r.comparison?.upper ?? null }),
  };
}

type Row = ServiceOutcomeRow & { service: typeof services.$inferSelect };

const ServiceOutcome = builder.objectRef<Row>('ServiceOutcome').implement({
  description:
    'Children commissioned for a service (accepted or completed) with a baseline and a follow-up, and how many reliably improved from their first score to their latest (as the child page classifies it). An association, not proof of effect. Every figure is null when suppressed (fewer than 10 children).',
  fields: (t) => ({
    service: t.field({ type: Service, resolve: (r) => r.service }),
    ...figureFields(t),
  }),
});

const OutcomeOrderEnum = builder.enumType('OutcomeOrder', {
  description: 'A figure to sort outcome rows by: suppressed rows come last, by name, whatever the order',
  values: OUTCOME_ORDERS,
});

builder.queryField('serviceOutcomes', (t) =>
  t.field({
    type: [ServiceOutcome],
    authScopes: { role: ['COMMISSIONER', 'PROVIDER'] },
    description:
      'Reliable improvement and cost per reliably improved child, per service of the zone (a provider: its own services only)',
    args: {
      measure: t.arg.string({ required: true }),
      orderBy: t.arg({ type: OutcomeOrderEnum, description: 'By service name when not given' }),
      descending: t.arg.boolean({ description: 'Reverse the order (suppressed rows stay last)' }),
      ...listArgs(t),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer!;
      const measure = await findMeasure(ctx.db, viewer.zoneId, args.measure);
      if (!measure) throw ValidationError.field(['measure'], `No measure ${args.measure} in your zone`);
      const org = viewer.role === 'PROVIDER' ? (viewer.organisationId ?? -1) : undefined;
      const page = {
        ...listPage(args),
        visibleTo: { organisationId: org ?? null, seesArchived: viewer.role === 'COMMISSIONER' },
        orderBy: args.orderBy ?? undefined,
        descending: args.descending ?? false,
      };
      const rows = await serviceOutcomes(ctx.db, viewer.zoneId, measure, org, 'service', page);
      if (rows.length === 0) return [];
      const found = await ctx.db
        .select()
        .from(services)
        .where(
          inArray(
            services.id,
            rows.map((r) => r.serviceId),
          ),
        );
      const byId = new Map(found.map((s) => [s.id, s]));
      // In the page's order (sorted in SQL); canSeeService stays the last word.
      return rows
        .map((r) => ({ ...r, service: byId.get(r.serviceId)! }))
        .filter((r) => r.service && r.service.zoneId === viewer.zoneId && canSeeService(ctx, r.service));
    },
  }),
);

builder.queryField('measure', (t) =>
  t.field({
    type: MeasureType,
    nullable: true,
    authScopes: { role: ['LINK_WORKER', 'PROVIDER', 'COMMISSIONER', 'ADMIN'] },
    args: { code: t.arg.string({ required: true }) },
    resolve: (_root, args, ctx) => findMeasure(ctx.db, ctx.viewer!.zoneId, args.code),
  }),
);

type ProviderRow = ServiceOutcomeRow & { organisation: typeof organisations.$inferSelect };

const ProviderOutcome = builder.objectRef<ProviderRow>('ProviderOutcome').implement({
  description:
    'As ServiceOutcome, for all of a provider’s services together: children commissioned from it (accepted or completed) with a baseline and a follow-up, each counted once. An association, not proof of effect; null figures when suppressed (fewer than 10 children, or complementarySuppressed).',
  fields: (t) => ({
    organisation: t.field({ type: Organisation, resolve: (r) => r.organisation }),
    ...figureFields(t),
  }),
});

builder.queryField('providerOutcomes', (t) =>
  t.field({
    type: [ProviderOutcome],
    authScopes: { role: ['COMMISSIONER', 'PROVIDER'] },
    description: 'The same figures as serviceOutcomes per provider (a provider: its own row only)',
    args: {
      measure: t.arg.string({ required: true }),
      orderBy: t.arg({ type: OutcomeOrderEnum, description: 'By service name when not given' }),
      descending: t.arg.boolean({ description: 'Reverse the order (suppressed rows stay last)' }),
      ...listArgs(t),
    },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer!;
      const measure = await findMeasure(ctx.db, viewer.zoneId, args.measure);
      if (!measure) throw ValidationError.field(['measure'], `No measure ${args.measure} in your zone`);
      const org = viewer.role === 'PROVIDER' ? (viewer.organisationId ?? -1) : undefined;
      const page = {
        ...listPage(args),
        visibleTo: { organisationId: org ?? null, seesArchived: viewer.role === 'COMMISSIONER' },
        orderBy: args.orderBy ?? undefined,
        descending: args.descending ?? false,
      };
      const rows = await serviceOutcomes(ctx.db, viewer.zoneId, measure, org, 'organisation', page);
      if (rows.length === 0) return [];
      const found = await ctx.db
        .select()
        .from(organisations)
        .where(
          inArray(
            organisations.id,
            rows.map((r) => r.serviceId),
          ),
        );
      const byId = new Map(found.map((o) => [o.id, o]));
      return rows
        .map((r) => ({ ...r, organisation: byId.get(r.serviceId)! }))
        .filter((r) => r.organisation && r.organisation.zoneId === viewer.zoneId);
    },
  }),
);
