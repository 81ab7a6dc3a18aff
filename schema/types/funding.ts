import { builder } from '../builder';
import { hasRole, sameZone } from '../domain/access';
import { allocateFunds } from '../domain/allocations';
import { ForbiddenError } from '../domain/errors';
import { adjustFundingPot, createFundingPot } from '../domain/funding-pots';
import { idOf } from '../domain/ids';
import { oneLine } from '../domain/one-line';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { FundingSource } from './enums';
import { optionalIdempotencyKey } from './idempotency-key';
import { listArgs, listPage } from './pagination';

// Commissioners see every pot of their zone; a district lead only their district's.
export const canSeeFundingPot = nodeVisibility(
  'FundingPot',
  (p: { zoneId: number; districtId: number | null }, ctx) => {
    const v = ctx.viewer;
    if (!v || !sameZone(ctx, p.zoneId)) return false;
    return (
      v.role === 'COMMISSIONER' ||
      (v.role === 'DISTRICT_LEAD' && p.districtId !== null && p.districtId === v.districtId)
    );
  },
);

export const FundingPot = builder.drizzleNode('fundingPots', {
  name: 'FundingPot',
  id: { column: (p) => p.id },
  select: { columns: { zoneId: true, districtId: true } },
  authScopes: (p, ctx) => canSeeFundingPot(p, ctx),
  fields: (t) => ({
    name: t.exposeString('name'),
    source: t.expose('source', { type: FundingSource }),
    period: t.exposeString('period'),
    totalPence: t.expose('totalPence', { type: 'SafeInt' }),
    allocatedPence: t.expose('allocatedPence', { type: 'SafeInt' }),
    district: t.relation('district', {
      nullable: true,
      description: 'Set for a district pot: it pays only for children at that district’s schools',
    }),
    contractCommittedPence: t.expose('contractCommittedPence', {
      type: 'SafeInt',
      description: 'Committed to signed block contracts (less unused places released at their end)',
    }),
    remainingPence: t.field({
      type: 'SafeInt',
      select: { columns: { totalPence: true, allocatedPence: true, contractCommittedPence: true } },
      resolve: (p) => p.totalPence - p.allocatedPence - p.contractCommittedPence,
    }),
  }),
});

const Allocation = builder.drizzleNode('allocations', {
  name: 'Allocation',
  id: { column: (a) => a.id },
  select: { with: { fundingPot: { columns: { zoneId: true, districtId: true } } } },
  authScopes: (a, ctx) => canSeeFundingPot(a.fundingPot, ctx),
  fields: (t) => ({
    amountPence: t.expose('amountPence', { type: 'SafeInt' }),
    child: t.relation('child'),
    fundingPot: t.relation('fundingPot'),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
  }),
});
nodeVisibility('Allocation', (a: { fundingPot: { zoneId: number; districtId: number | null } }, ctx) =>
  canSeeFundingPot(a.fundingPot, ctx),
);

builder.queryField('fundingPots', (t) =>
  t.drizzleField({
    type: [FundingPot],
    authScopes: { role: ['COMMISSIONER', 'DISTRICT_LEAD'] },
    description:
      'The zone’s pots in the current budget period (a district lead: their district’s; a page: limit, offset)',
    args: listArgs(t),
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.fundingPots.findMany(
        query({
          where: {
            zoneId: ctx.viewer!.zoneId,
            period: ctx.viewer!.period,
            ...(ctx.viewer!.role === 'DISTRICT_LEAD' ? { districtId: ctx.viewer!.districtId ?? -1 } : {}),
          },
          orderBy: { id: 'asc' },
          ...listPage(args),
        }),
      ),
  }),
);

const requireCommissioner = (ctx: Parameters<typeof hasRole>[0]) => {
  if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners manage funding');
  return ctx.viewer;
};

const money = {
  min: [0, { message: 'Amounts cannot be negative' }],
  max: [2_000_000_000, { message: 'That amount is too large' }],
} as const;

const CreateFundingPotInput = builder.inputType('CreateFundingPotInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: { minLength: [2, { message: 'Name the pot' }], maxLength: 120, refine: oneLine('pot’s name') },
    }),
    source: t.field({ type: FundingSource, required: true }),
    // As a district fund: a £0 pot holds nothing to allocate or commit (adjusting one to £0 is allowed).
    totalPence: t.int({
      required: true,
      validate: { ...money, min: [1, { message: 'A pot is more than £0' }] } as never,
    }),
    idempotencyKey: optionalIdempotencyKey(t),
  }),
});

builder.mutationField('createFundingPot', (t) =>
  t.field({
    type: FundingPot,
    args: { input: t.arg({ type: CreateFundingPotInput, required: true }) },
    errors: mutationResult('CreateFundingPot', 'fundingPot'),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      return inTransaction(ctx.db, (tx) => createFundingPot(tx, actor, input));
    },
  }),
);

const AdjustFundingPotInput = builder.inputType('AdjustFundingPotInput', {
  fields: (t) => ({
    fundingPotId: t.id({ required: true }),
    totalPence: t.int({ required: true, validate: money as never }),
    reason: t.string({
      required: true,
      validate: { minLength: [3, { message: 'Say why the total changes' }], maxLength: 1000 },
    }),
  }),
});

builder.mutationField('adjustFundingPot', (t) =>
  t.field({
    type: FundingPot,
    args: { input: t.arg({ type: AdjustFundingPotInput, required: true }) },
    errors: mutationResult('AdjustFundingPot', 'fundingPot'),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      const id = idOf(input.fundingPotId, 'FundingPot', ['input', 'fundingPotId']);
      return inTransaction(ctx.db, (tx) => adjustFundingPot(tx, actor, id, input));
    },
  }),
);

const AllocateFundsInput = builder.inputType('AllocateFundsInput', {
  fields: (t) => ({
    fundingPotId: t.id({ required: true }),
    childIds: t.idList({
      required: true,
      validate: {
        minLength: [1, { message: 'Choose at least one child' }],
        maxLength: [500, { message: 'Allocate to at most 500 children at once' }],
      },
    }),
    amountPence: t.int({
      required: true,
      validate: {
        min: [1, { message: 'Allocate at least 1p to each child' }],
        max: [500_000, { message: 'At most £5,000 per child at once' }],
      },
    }),
    idempotencyKey: t.string({
      required: true,
      validate: { minLength: 8, maxLength: 100, regex: /^[A-Za-z0-9_.:-]+$/ },
    }),
  }),
});

builder.mutationField('allocateFunds', (t) =>
  t.field({
    type: [Allocation],
    args: { input: t.arg({ type: AllocateFundsInput, required: true }) },
    errors: mutationResult('AllocateFunds', 'allocations'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER') && !hasRole(ctx, 'DISTRICT_LEAD'))
        throw new ForbiddenError('Only commissioners and district leads allocate funds');
      const actor = ctx.viewer!;
      const { allocationIds } = await inTransaction(ctx.db, (tx) =>
        allocateFunds(tx, actor, {
          fundingPotId: idOf(input.fundingPotId, 'FundingPot', ['input', 'fundingPotId']),
          childIds: input.childIds.map((id, i) => idOf(id, 'Child', ['input', 'childIds', String(i)])),
          amountPence: input.amountPence,
          idempotencyKey: input.idempotencyKey,
        }),
      );
      return ctx.db.query.allocations.findMany({
        where: { id: { in: allocationIds } },
        with: { fundingPot: { columns: { zoneId: true, districtId: true } } },
        orderBy: { id: 'asc' },
      });
    },
  }),
);
