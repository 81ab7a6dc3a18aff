import { and, eq, inArray } from 'drizzle-orm';
import { districtFormulas, districtFunds, fundingPots } from '../../drizzle/schema';
import { builder } from '../builder';
import { hasRole, sameZone } from '../domain/access';
import { createFund, type DistrictFactors, type FundInput, previewFund } from '../domain/district-funds';
import { districtUtilisation } from '../domain/district-utilisation';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { oneLine } from '../domain/one-line';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { District } from './district';
import { FundingSource } from './enums';
import { FundingPot } from './funding';
import { optionalIdempotencyKey } from './idempotency-key';
import { listArgs, listPage } from './pagination';

type Formula = {
  name: string;
  version: number;
  pupilsWeight: number;
  childrenWeight: number;
  deprivationWeight: number;
  baseWeight: number;
};
type ShareRow = DistrictFactors & { sharePence: number; fundingPotId?: number | null };

const DistrictFormula = builder.objectRef<Formula>('DistrictFormula').implement({
  description: 'A named formula’s weights; changing the weights of a name makes its next version',
  fields: (t) => ({
    name: t.exposeString('name'),
    version: t.exposeInt('version'),
    pupilsWeight: t.exposeInt('pupilsWeight'),
    childrenWeight: t.exposeInt('childrenWeight'),
    deprivationWeight: t.exposeInt('deprivationWeight'),
    baseWeight: t.exposeInt('baseWeight', { description: 'Shared equally by the districts that have schools' }),
  }),
});

const DistrictShare = builder.objectRef<ShareRow>('DistrictShare').implement({
  fields: (t) => ({
    district: t.field({
      type: District,
      resolve: async (s, _a, ctx) => (await ctx.db.query.districts.findFirst({ where: { id: s.districtId } }))!,
    }),
    schools: t.exposeInt('schools', { description: 'A district with no schools gets no share' }),
    pupilsOnRoll: t.exposeInt('pupilsOnRoll'),
    childrenInProgramme: t.exposeInt('childrenInProgramme'),
    deprivationIndex: t.float({ resolve: (s) => s.deprivationMilli / 1000 }),
    sharePence: t.expose('sharePence', { type: 'SafeInt' }),
    fundingPot: t.field({
      type: FundingPot,
      nullable: true,
      description: 'A district lead sees only their own district’s pot',
      resolve: async (s, _a, ctx) =>
        s.fundingPotId && (ctx.viewer?.role !== 'DISTRICT_LEAD' || ctx.viewer.districtId === s.districtId)
          ? ((await ctx.db.query.fundingPots.findFirst({ where: { id: s.fundingPotId } })) ?? null)
          : null,
    }),
  }),
});

const DistrictFundPreview = builder
  .objectRef<{ totalPence: number; formula: Formula; shares: ShareRow[] }>('DistrictFundPreview')
  .implement({
    fields: (t) => ({
      totalPence: t.expose('totalPence', { type: 'SafeInt' }),
      formula: t.field({
        type: DistrictFormula,
        resolve: (p) => p.formula,
        description: 'The version it would be made under',
      }),
      shares: t.field({ type: [DistrictShare], resolve: (p) => p.shares }),
    }),
  });

type FundRow = typeof districtFunds.$inferSelect;

// As the districtFunds list: the zone's commissioners and district leads, this budget period.
const visible = nodeVisibility(
  'DistrictFund',
  (f: FundRow, ctx) =>
    hasRole(ctx, 'COMMISSIONER', 'DISTRICT_LEAD') && sameZone(ctx, f.zoneId) && f.period === ctx.viewer.period,
);

export const DistrictFund = builder.node(builder.objectRef<FundRow>('DistrictFund'), {
  description: 'A zone fund for a budget period, split across the districts by a formula into district pots',
  id: { resolve: (f) => f.id },
  authScopes: (f, ctx) => visible(f, ctx),
  loadOne: async (id, ctx) =>
    (
      await ctx.db
        .select()
        .from(districtFunds)
        .where(eq(districtFunds.id, Number(id)))
    )[0] ?? null,
  fields: (t) => ({
    name: t.exposeString('name'),
    source: t.expose('source', { type: FundingSource }),
    period: t.exposeString('period'),
    totalPence: t.expose('totalPence', { type: 'SafeInt' }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    formula: t.field({
      type: DistrictFormula,
      resolve: async (f, _a, ctx) =>
        (await ctx.db.select().from(districtFormulas).where(eq(districtFormulas.id, f.formulaId)))[0]!,
    }),
    shares: t.field({
      type: [DistrictShare],
      description: 'Per district; a district lead sees only their own district’s',
      resolve: async (f, _a, ctx) => {
        const pots = await ctx.db
          .select({ id: fundingPots.id, districtId: fundingPots.districtId })
          .from(fundingPots)
          .where(eq(fundingPots.districtFundId, f.id));
        const stored = f.factors as Omit<DistrictFactors, 'name'>[];
        const names = new Map(
          (await ctx.db.query.districts.findMany({ where: { id: { in: stored.map((s) => s.districtId) } } })).map(
            (d) => [d.id, d.name],
          ),
        );
        const total = await shareFigures(ctx.db, f.id);
        // Least data to each role: a district lead sees their own district's share, not the others'
        // (as utilisation and pots); the fund's total stays visible.
        const lead = ctx.viewer?.role === 'DISTRICT_LEAD';
        const seen = lead ? stored.filter((s) => s.districtId === ctx.viewer?.districtId) : stored;
        return seen.map((s) => ({
          ...s,
          name: names.get(s.districtId) ?? '',
          sharePence: total.get(s.districtId) ?? 0,
          fundingPotId: pots.find((p) => p.districtId === s.districtId)?.id ?? null,
        }));
      },
    }),
  }),
});

async function shareFigures(db: Parameters<typeof districtUtilisation>[0], fundId: number) {
  const pots = await db
    .select({ districtId: fundingPots.districtId, total: fundingPots.totalPence })
    .from(fundingPots)
    .where(and(eq(fundingPots.districtFundId, fundId)));
  return new Map(pots.map((p) => [p.districtId!, p.total]));
}

const DistrictUtilisation = builder
  .objectRef<Awaited<ReturnType<typeof districtUtilisation>>[number]>('DistrictUtilisation')
  .implement({
    description: 'A district’s pots this period: funded, allocated to children, committed and spent, what is left',
    fields: (t) => ({
      district: t.field({
        type: District,
        resolve: async (u, _a, ctx) => (await ctx.db.query.districts.findFirst({ where: { id: u.districtId } }))!,
      }),
      fundedPence: t.expose('fundedPence', { type: 'SafeInt' }),
      allocatedPence: t.expose('allocatedPence', { type: 'SafeInt' }),
      committedPence: t.expose('committedPence', { type: 'SafeInt' }),
      spentPence: t.expose('spentPence', { type: 'SafeInt' }),
      leftPence: t.expose('leftPence', { type: 'SafeInt', description: 'Funded, less committed and spent' }),
      shareUsed: t.exposeFloat('shareUsed', { description: 'Committed and spent as a fraction of funded (0 to 1)' }),
    }),
  });

const weight = { min: [0, { message: 'Weights are 0 or more' }], max: [1_000_000, { message: 'Too large' }] } as const;
const DistrictFormulaInput = builder.inputType('DistrictFormulaInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: { minLength: [1, { message: 'Name the formula' }], maxLength: 120, refine: oneLine('formula’s name') },
    }),
    pupilsWeight: t.int({ required: true, validate: weight as never }),
    childrenWeight: t.int({ required: true, validate: weight as never }),
    deprivationWeight: t.int({ required: true, validate: weight as never }),
    baseWeight: t.int({ required: true, validate: weight as never }),
  }),
});
const DistrictFactorInput = builder.inputType('DistrictFactorInput', {
  fields: (t) => ({
    districtId: t.id({ required: true }),
    pupilsOnRoll: t.int({ required: true }),
    deprivationIndex: t.float({ required: true }),
  }),
});
const DistrictFundInput = builder.inputType('DistrictFundInput', {
  fields: (t) => ({
    name: t.string({
      required: true,
      validate: { minLength: [2, { message: 'Name the fund' }], maxLength: 120, refine: oneLine('fund’s name') },
    }),
    source: t.field({ type: FundingSource, required: true }),
    totalPence: t.int({
      required: true,
      // A district's pot cannot be adjusted by hand: a £0 fund would leave pots nobody can fill.
      validate: { min: [1, { message: 'A fund is more than £0' }], max: [2_000_000_000, { message: 'Too large' }] },
    }),
    formula: t.field({ type: DistrictFormulaInput, required: true }),
    factors: t.field({ type: [DistrictFactorInput], description: 'Pupils on roll and deprivation index per district' }),
    factorsCsv: t.string({
      description: 'Or the same as CSV with a header: district,pupilsOnRoll,deprivationIndex',
      validate: { maxLength: 200_000 },
    }),
    // On the shared input so createDistrictFund's argument type stays as published.
    idempotencyKey: optionalIdempotencyKey(t, '. previewDistrictFund ignores it'),
  }),
});

type RawInput = typeof DistrictFundInput.$inferInput;
const toInput = (input: RawInput): FundInput => ({
  ...input,
  factors: input.factors?.map((f, i) => ({
    ...f,
    districtId: idOf(f.districtId, 'District', ['input', 'factors', String(i), 'districtId']),
  })),
});

builder.queryField('previewDistrictFund', (t) =>
  t.field({
    type: DistrictFundPreview,
    authScopes: { role: ['COMMISSIONER'] },
    description: 'The split a district fund would make, exact to the penny; writes nothing',
    args: { input: t.arg({ type: DistrictFundInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const p = await previewFund(ctx.db, ctx.viewer!, toInput(input));
      return { totalPence: input.totalPence, formula: p.formula, shares: p.shares };
    },
  }),
);

builder.mutationField('createDistrictFund', (t) =>
  t.field({
    type: DistrictFund,
    args: { input: t.arg({ type: DistrictFundInput, required: true }) },
    errors: mutationResult('CreateDistrictFund', 'districtFund'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners create district funds');
      const actor = ctx.viewer;
      const id = await inTransaction(ctx.db, (tx) => createFund(tx, actor, toInput(input)));
      return (await ctx.db.select().from(districtFunds).where(eq(districtFunds.id, id)))[0]!;
    },
  }),
);

builder.queryField('districtFunds', (t) =>
  t.field({
    type: [DistrictFund],
    authScopes: { role: ['COMMISSIONER', 'DISTRICT_LEAD'] },
    description: 'The zone’s district funds in the current budget period, oldest first (a page: limit, offset)',
    args: listArgs(t),
    resolve: (_root, args, ctx) =>
      ctx.db
        .select()
        .from(districtFunds)
        .where(and(eq(districtFunds.zoneId, ctx.viewer!.zoneId), inArray(districtFunds.period, [ctx.viewer!.period])))
        .orderBy(districtFunds.id)
        .limit(listPage(args).limit)
        .offset(listPage(args).offset),
  }),
);

builder.queryField('districtUtilisation', (t) =>
  t.field({
    type: [DistrictUtilisation],
    authScopes: { role: ['COMMISSIONER', 'DISTRICT_LEAD'] },
    description: 'Per district, this period: funded, allocated, committed, spent, left (a district lead: their own)',
    resolve: (_root, _args, ctx) =>
      districtUtilisation(
        ctx.db,
        ctx.viewer!.zoneId,
        ctx.viewer!.period,
        ctx.viewer!.role === 'DISTRICT_LEAD' ? (ctx.viewer!.districtId ?? -1) : null,
      ),
  }),
);
