import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq } from 'drizzle-orm';
import { GraphQLError } from 'graphql';
import { organisations } from '../../drizzle/schema';
import { builder } from '../builder';
import { londonDate } from '../domain/contract-places';
import { idOf } from '../domain/ids';
import { type Pipeline, type PipelineContract, type PipelineMonth, providerPipeline } from '../domain/pipeline';

// A provider's pipeline (schema/domain/pipeline.ts has the rules). Providers read their own
// organisation's; commissioners and administrators any provider's in their zone; nobody else.

const PipelineContractRef = builder.objectRef<PipelineContract>('PipelineContract').implement({
  description: 'A signed contract still running: places and the money still to come',
  fields: (t) => ({
    contractId: t.id({ resolve: (c) => encodeGlobalID('Contract', c.id) }),
    reference: t.exposeString('reference'),
    serviceName: t.exposeString('serviceName'),
    places: t.exposeInt('places'),
    placesUsed: t.exposeInt('placesUsed'),
    placesLeft: t.exposeInt('placesLeft'),
    pricePerPlacePence: t.expose('pricePerPlacePence', { type: 'SafeInt' }),
    valueLeftPence: t.expose('valueLeftPence', { type: 'SafeInt', description: 'Places left x price per place' }),
    unpaidPence: t.expose('unpaidPence', {
      type: 'SafeInt',
      description: 'Places x price, less the instalments already in payment runs: what the 12-month view spreads',
    }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date' }),
  }),
});

const PipelineMonthRef = builder.objectRef<PipelineMonth>('PipelineMonth').implement({
  fields: (t) => ({
    month: t.exposeString('month', { description: 'YYYY-MM' }),
    contractsPence: t.expose('contractsPence', { type: 'SafeInt' }),
    commissionsPence: t.expose('commissionsPence', { type: 'SafeInt' }),
    totalPence: t.expose('totalPence', { type: 'SafeInt' }),
  }),
});

const ProviderPipelineRef = builder.objectRef<Pipeline>('ProviderPipeline').implement({
  description: 'A provider’s committed future income and activity, in integer pence',
  fields: (t) => ({
    organisationId: t.id({ resolve: (p) => encodeGlobalID('Organisation', p.organisationId) }),
    asOf: t.expose('asOf', { type: 'Date' }),
    acceptedCount: t.exposeInt('acceptedCount', { description: 'Accepted commissions not yet complete' }),
    acceptedUnitsLeft: t.exposeInt('acceptedUnitsLeft', { description: 'Their units not yet delivered' }),
    acceptedValueLeftPence: t.expose('acceptedValueLeftPence', {
      type: 'SafeInt',
      description: 'Units not yet delivered x unit price (a place drawn from a contract at the contract price)',
    }),
    approvedCount: t.exposeInt('approvedCount', { description: 'Approved commissions waiting for you to accept' }),
    approvedValuePence: t.expose('approvedValuePence', { type: 'SafeInt' }),
    contractPlacesUsed: t.exposeInt('contractPlacesUsed', { description: 'On signed contracts still running' }),
    contractPlacesLeft: t.exposeInt('contractPlacesLeft'),
    contractValueLeftPence: t.expose('contractValueLeftPence', {
      type: 'SafeInt',
      description: 'Places left x price per place',
    }),
    contracts: t.field({
      type: [PipelineContractRef],
      resolve: (p) => p.contracts,
      description: 'Soonest ending first',
    }),
    months: t.field({
      type: [PipelineMonthRef],
      resolve: (p) => p.months,
      description:
        'This calendar month and the next 11. Contracts: the value not yet in a payment run spread evenly over the days from today (or the start) to the end date, whole pence by cumulative rounding. Commissions are paid on completion: each accepted spot or stretch commission’s whole price falls in the month its budget year ends (March), or this month once that has passed; places drawn from a contract count under the contract.',
    }),
  }),
});

const forbidden = () => new GraphQLError('You are not allowed to see this', { extensions: { code: 'FORBIDDEN' } });

builder.queryField('providerPipeline', (t) =>
  t.field({
    type: ProviderPipelineRef,
    authScopes: { role: ['PROVIDER', 'COMMISSIONER', 'ADMIN'] },
    description:
      'Committed future income and activity of a provider: a provider’s own organisation (organisationId may be left out); commissioners and administrators any organisation in their zone',
    args: { organisationId: t.arg.id() },
    resolve: async (_root, args, ctx) => {
      const viewer = ctx.viewer!;
      let organisationId: number;
      if (viewer.role === 'PROVIDER') {
        if (!viewer.organisationId) throw forbidden();
        organisationId = viewer.organisationId;
        if (
          args.organisationId != null &&
          idOf(args.organisationId, 'Organisation', ['organisationId']) !== organisationId
        )
          throw forbidden();
      } else {
        // authScopes lets in only commissioners and administrators besides providers; fail closed anyway.
        if (viewer.role !== 'COMMISSIONER' && viewer.role !== 'ADMIN') throw forbidden();
        if (args.organisationId == null) throw forbidden();
        organisationId = idOf(args.organisationId, 'Organisation', ['organisationId']);
        const [org] = await ctx.db
          .select({ id: organisations.id })
          .from(organisations)
          .where(and(eq(organisations.id, organisationId), eq(organisations.zoneId, viewer.zoneId)));
        if (!org) throw forbidden();
      }
      return providerPipeline(ctx.db, viewer.zoneId, organisationId, londonDate(ctx.now()));
    },
  }),
);
