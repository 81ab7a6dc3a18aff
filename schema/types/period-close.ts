import { and, desc, eq } from 'drizzle-orm';
import { periodCloses, unspentPolicyEnum, zones } from '../../drizzle/schema';
import { builder } from '../builder';
import { hasRole } from '../domain/access';
import { ForbiddenError, ValidationError } from '../domain/errors';
import {
  type CloseReport,
  closePeriod,
  type FundLine,
  type PotLine,
  previewPeriodClose,
  setUnspentPolicy,
} from '../domain/period-close';
import { forgetSessions } from '../domain/session-cache';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { FundingSource } from './enums';

// Budget years (schema/domain/period-close.ts): commissioners only, their own zone.

export const UnspentPolicy = builder.enumType('UnspentPolicy', {
  values: unspentPolicyEnum.enumValues,
  description: 'What closing a budget period does with children’s unspent allocations',
});

const money = (t: { expose: (k: never, o: { type: 'SafeInt' }) => unknown }, ...keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, t.expose(k as never, { type: 'SafeInt' })]));

const PotCloseLine = builder.objectRef<PotLine>('PotCloseLine').implement({
  description:
    'One pot at a period’s close: held (its total; for an earlier period’s pot, the money it carried into this period’s budgets, all of it allocated), allocated to children, committed (live reservations) and spent (attributed in whole pence), contract money, returned and carried',
  fields: (t) => ({
    name: t.exposeString('name'),
    source: t.field({ type: FundingSource, resolve: (p) => p.source as never }),
    ...(money(
      t as never,
      'heldPence',
      'allocatedPence',
      'contractCommittedPence',
      'committedPence',
      'spentPence',
      'returnedPence',
      'carriedPence',
      'unallocatedPence',
    ) as Record<string, never>),
  }),
});

const FundCloseLine = builder.objectRef<FundLine>('FundCloseLine').implement({
  description: 'A district fund at a period’s close: the sums of its district pots',
  fields: (t) => ({
    name: t.exposeString('name'),
    ...(money(
      t as never,
      'heldPence',
      'allocatedPence',
      'committedPence',
      'spentPence',
      'returnedPence',
      'carriedPence',
    ) as Record<string, never>),
  }),
});

const PeriodCloseReport = builder.objectRef<CloseReport & { closedAt?: Date | null }>('PeriodCloseReport').implement({
  description: 'What closing a budget period does (a preview) or did (a closed period)',
  fields: (t) => ({
    period: t.exposeString('period'),
    nextPeriod: t.exposeString('nextPeriod'),
    startsOn: t.exposeString('startsOn', { description: 'The financial year’s first day (1 April)' }),
    endsOn: t.exposeString('endsOn', { description: 'The financial year’s last day (31 March)' }),
    policy: t.field({ type: UnspentPolicy, resolve: (r) => r.policy }),
    childrenCarried: t.exposeInt('childrenCarried'),
    childrenReturned: t.exposeInt('childrenReturned'),
    carriedPence: t.expose('carriedPence', { type: 'SafeInt' }),
    returnedPence: t.expose('returnedPence', { type: 'SafeInt' }),
    liveReservedPence: t.expose('liveReservedPence', {
      type: 'SafeInt',
      description: 'Live commissions’ reservations, which stay on the closed period’s budgets',
    }),
    pots: t.field({ type: [PotCloseLine], resolve: (r) => r.pots }),
    funds: t.field({ type: [FundCloseLine], resolve: (r) => r.funds }),
    closedAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.closedAt ?? null }),
  }),
});

builder.queryField('unspentPolicy', (t) =>
  t.field({
    type: UnspentPolicy,
    authScopes: { role: ['COMMISSIONER'] },
    description: 'The zone’s setting: closing a period carries unspent allocations forward or returns them',
    resolve: async (_root, _args, ctx) =>
      (await ctx.db.select({ p: zones.unspentPolicy }).from(zones).where(eq(zones.id, ctx.viewer!.zoneId)))[0]!.p,
  }),
);

builder.queryField('periodClosePreview', (t) =>
  t.field({
    type: PeriodCloseReport,
    authScopes: { role: ['COMMISSIONER'] },
    description: 'What closing the period (default: the current one) would do; writes nothing',
    args: { period: t.arg.string({ validate: { maxLength: 7 } }) },
    resolve: (_root, args, ctx) =>
      inTransaction(ctx.db, (tx) => previewPeriodClose(tx, ctx.viewer!, args.period ?? ctx.viewer!.period)),
  }),
);

builder.queryField('periodCloses', (t) =>
  t.field({
    type: [PeriodCloseReport],
    authScopes: { role: ['COMMISSIONER'] },
    description: 'The zone’s closed budget periods with their close reports, newest first',
    resolve: async (_root, _args, ctx) =>
      (
        await ctx.db
          .select({ report: periodCloses.report, closedAt: periodCloses.closedAt })
          .from(periodCloses)
          .where(and(eq(periodCloses.zoneId, ctx.viewer!.zoneId)))
          .orderBy(desc(periodCloses.id))
      ).map((r) => ({ ...(r.report as CloseReport), closedAt: r.closedAt })),
  }),
);

const ClosePeriodInput = builder.inputType('ClosePeriodInput', {
  fields: (t) => ({
    period: t.string({ required: true, description: 'The period to close, like 2026-27', validate: { maxLength: 7 } }),
    early: t.boolean({
      description:
        'True to close the period before its last day (31 March); without it such a close is refused. A period that has not started is never closed',
    }),
  }),
});

builder.mutationField('closePeriod', (t) =>
  t.field({
    type: PeriodCloseReport,
    args: { input: t.arg({ type: ClosePeriodInput, required: true }) },
    errors: mutationResult('ClosePeriod', 'report'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners close budget periods');
      const actor = ctx.viewer;
      const report = await inTransaction(ctx.db, (tx) =>
        closePeriod(tx, actor, input.period, {
          today: ctx.now().toISOString().slice(0, 10),
          early: input.early ?? false,
        }),
      ).catch((e) => {
        throw e instanceof ValidationError ? e.under('input') : e; // the preview's `period` is this field's input.period
      });
      forgetSessions({ zoneId: actor.zoneId }); // the zone's sessions see the new period now, in this process
      return report;
    },
  }),
);

const SetUnspentPolicyInput = builder.inputType('SetUnspentPolicyInput', {
  fields: (t) => ({ policy: t.field({ type: UnspentPolicy, required: true }) }),
});

builder.mutationField('setUnspentPolicy', (t) =>
  t.field({
    type: UnspentPolicy,
    args: { input: t.arg({ type: SetUnspentPolicyInput, required: true }) },
    errors: mutationResult('SetUnspentPolicy', 'policy'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER'))
        throw new ForbiddenError('Only commissioners decide what closing a period does');
      const actor = ctx.viewer;
      await inTransaction(ctx.db, (tx) => setUnspentPolicy(tx, actor, input.policy));
      return input.policy;
    },
  }),
);
