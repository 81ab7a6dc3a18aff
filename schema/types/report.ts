import { builder } from '../builder';
import { type SpendDimension, spendBy } from '../domain/report';

const SpendRowType = builder
  .objectRef<{ label: string; committedPence: number; spentPence: number; commissions: number }>('SpendRow')
  .implement({
    fields: (t) => ({
      label: t.exposeString('label'),
      committedPence: t.exposeInt('committedPence', {
        description: 'Raised, approved or accepted: reserved, not yet spent',
      }),
      spentPence: t.exposeInt('spentPence'),
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
    description: 'Commissioned and spent money in the current period, grouped by one dimension',
    args: { by: t.arg({ type: SpendDimensionEnum, required: true }) },
    resolve: (_root, args, ctx) => spendBy(ctx.db, ctx.viewer!.zoneId, ctx.viewer!.period, args.by as SpendDimension),
  }),
);
