import { builder } from '../builder';
import { type SpendDimension, spendBy, spendPeriods, spendWindow } from '../domain/report';

export const SpendRowType = builder
  .objectRef<{ label: string; committedPence: number; spentPence: number; commissions: number }>('SpendRow')
  .implement({
    fields: (t) => ({
      label: t.exposeString('label'),
      committedPence: t.expose('committedPence', {
        type: 'SafeInt',
        description: 'Raised, approved or accepted: reserved, not yet spent',
      }),
      spentPence: t.expose('spentPence', { type: 'SafeInt' }),
      commissions: t.exposeInt('commissions'),
    }),
  });

const SpendDimensionEnum = builder.enumType('SpendDimension', {
  values: ['source', 'school', 'district', 'category', 'provider'] as const,
});

builder.queryField('spendReport', (t) =>
  t.field({
    type: [SpendRowType],
    authScopes: { role: ['COMMISSIONER'] },
    description:
      'Commissioned and spent money grouped by one dimension: in the current budget period, or in the period given, and/or for commissions raised between from and to (inclusive)',
    args: {
      by: t.arg({ type: SpendDimensionEnum, required: true }),
      period: t.arg.string({ description: 'A budget period, like 2026-27', validate: { maxLength: 7 } }),
      from: t.arg({ type: 'Date', description: 'Commissions raised on or after this day (UTC)' }),
      to: t.arg({ type: 'Date', description: 'Commissions raised on or before this day (UTC)' }),
    },
    resolve: (_root, args, ctx) =>
      spendBy(ctx.db, ctx.viewer!.zoneId, spendWindow(args, ctx.viewer!.period), args.by as SpendDimension),
  }),
);

builder.queryField('spendPeriods', (t) =>
  t.stringList({
    authScopes: { role: ['COMMISSIONER'] },
    description: 'The zone’s budget periods, newest first, for choosing a spend report’s period',
    resolve: (_root, _args, ctx) => spendPeriods(ctx.db, ctx.viewer!.zoneId, ctx.viewer!.period),
  }),
);
