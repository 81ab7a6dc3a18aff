import { and, eq, ne, type SQL, sql } from 'drizzle-orm';
import { contractStatusEnum, contracts } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context, Role } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { ContractFullError, londonDate } from '../domain/contract-places';
import { ContractStateError, checkContractDates, createContract, endContract, signContract } from '../domain/contracts';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { inTransaction } from '../domain/transaction';
import { ErrorInterface, mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { pageSizeRule } from './pagination';

// Who sees a contract (deny by default: a role not named here sees none):
// commissioners: every contract in the zone; providers: their organisation's once signed;
// link workers: the zone's signed or ended contracts (to raise under them; no money beyond the price).
type ContractVisibilityRow = { zoneId: number; organisationId: number; status: string };

export function canSeeContract(c: ContractVisibilityRow, ctx: Context): boolean {
  if (hasRole(ctx, 'COMMISSIONER')) return sameZone(ctx, c.zoneId);
  if (hasRole(ctx, 'PROVIDER')) return ctx.viewer.organisationId === c.organisationId && c.status !== 'DRAFT';
  if (hasRole(ctx, 'LINK_WORKER')) return sameZone(ctx, c.zoneId) && c.status !== 'DRAFT';
  return false;
}

function contractVisibilitySql(table: typeof contracts, ctx: Context): SQL {
  const v = ctx.viewer;
  if (v?.role === 'COMMISSIONER') return eq(table.zoneId, v.zoneId);
  if (v?.role === 'PROVIDER' && v.organisationId)
    return and(eq(table.organisationId, v.organisationId), ne(table.status, 'DRAFT'))!;
  if (v?.role === 'LINK_WORKER') return and(eq(table.zoneId, v.zoneId), ne(table.status, 'DRAFT'))!;
  return sql`false`;
}

const visible = nodeVisibility('Contract', canSeeContract);
const MONEY = { role: ['COMMISSIONER', 'PROVIDER'] as Role[] };

export const ContractStatus = builder.enumType('ContractStatus', { values: contractStatusEnum.enumValues });

export const Contract = builder.drizzleNode('contracts', {
  name: 'Contract',
  description: 'A block contract: places of one service at a price per place, paid from a funding pot',
  id: { column: (c) => c.id },
  select: { columns: { zoneId: true, organisationId: true, status: true } },
  authScopes: (c, ctx) => visible(c, ctx),
  fields: (t) => ({
    reference: t.exposeString('reference', { description: 'e.g. BC-7KQ2M, unique in the zone' }),
    status: t.expose('status', { type: ContractStatus }),
    organisation: t.relation('organisation'),
    service: t.relation('service'),
    places: t.exposeInt('places'),
    placesUsed: t.exposeInt('placesUsed', { description: 'Places held by commissions under the block' }),
    placesLeft: t.int({
      select: { columns: { places: true, placesUsed: true } },
      resolve: (c) => c.places - c.placesUsed,
    }),
    pricePerPlacePence: t.expose('pricePerPlacePence', {
      type: 'SafeInt',
      description: 'Also what a stretch place costs the child’s budget',
    }),
    startDate: t.expose('startDate', { type: 'Date' }),
    endDate: t.expose('endDate', { type: 'Date' }),
    endedOn: t.expose('endedOn', { type: 'Date', nullable: true }),
    uptake: t.float({
      select: { columns: { places: true, placesUsed: true } },
      description: 'Share of the block drawn down, 0 to 1',
      resolve: (c) => c.placesUsed / c.places,
    }),
    valuePence: t.field({
      type: 'SafeInt',
      nullable: true,
      authScopes: MONEY,
      select: { columns: { places: true, pricePerPlacePence: true } },
      resolve: (c) => c.places * c.pricePerPlacePence,
    }),
    drawnPence: t.field({
      type: 'SafeInt',
      nullable: true,
      authScopes: MONEY,
      description: 'Value drawn down: places used x price per place',
      select: { columns: { placesUsed: true, pricePerPlacePence: true } },
      resolve: (c) => c.placesUsed * c.pricePerPlacePence,
    }),
    committedPence: t.expose('committedPence', { type: 'SafeInt', nullable: true, authScopes: MONEY }),
    releasedPence: t.expose('releasedPence', {
      type: 'SafeInt',
      nullable: true,
      authScopes: MONEY,
      description: 'Unused places’ money returned to the pot when the contract ended',
    }),
    stretchPlaces: t.int({
      nullable: true,
      authScopes: MONEY,
      description: 'Places beyond the block (commissioner-approved, charged to children’s budgets), not refused',
      select: {
        extras: {
          stretchPlaces: (table: typeof contracts) =>
            sql<number>`(select coalesce(sum(c."units"), 0)::int from "commissions" c where c."contractId" = ${table.id} and c."stretch" and c."status" in ('REQUESTED', 'APPROVED', 'ACCEPTED', 'COMPLETED'))`,
        },
      } as never,
      resolve: (c) => Number((c as unknown as { stretchPlaces: number }).stretchPlaces),
    }),
    fundingPot: t.relation('fundingPot', { nullable: true, authScopes: { role: ['COMMISSIONER'] } }),
    signedAt: t.expose('signedAt', { type: 'DateTime', nullable: true }),
  }),
});

builder.objectType(ContractFullError, {
  name: 'ContractFullError',
  interfaces: [ErrorInterface],
  description: 'The contract has too few places left (raise with stretch: true for places beyond the block)',
  fields: (t) => ({ placesLeft: t.exposeInt('placesLeft') }),
});
builder.objectType(ContractStateError, {
  name: 'ContractStateError',
  interfaces: [ErrorInterface],
  fields: () => ({}),
});

const ContractFilter = builder.inputType('ContractFilter', {
  fields: (t) => ({
    status: t.field({ type: [ContractStatus] }),
    serviceId: t.id(),
    endingWithinMonths: t.int({
      description: 'Signed contracts whose end date falls within this many months from today (e.g. 3 or 6)',
      validate: { min: 1, max: 24 },
    }),
  }),
});

export function contractFilterSql(
  table: typeof contracts,
  ctx: Context,
  filter:
    | { status?: string[] | null; serviceId?: string | null; endingWithinMonths?: number | null }
    | null
    | undefined,
): SQL {
  const parts: SQL[] = [contractVisibilitySql(table, ctx)];
  if (filter?.status?.length) parts.push(sql`${table.status} in ${filter.status}`);
  if (filter?.serviceId != null)
    parts.push(eq(table.serviceId, idOf(filter.serviceId, 'Service', ['filter', 'serviceId'])));
  if (filter?.endingWithinMonths != null) {
    const today = londonDate(ctx.now());
    parts.push(
      sql`${table.status} = 'SIGNED' and ${table.endDate} >= ${today}::date and ${table.endDate} <= (${today}::date + make_interval(months => ${filter.endingWithinMonths}))::date`,
    );
  }
  return and(...parts)!;
}

builder.queryField('contracts', (t) =>
  t.drizzleConnection({
    type: Contract,
    maxSize: 100,
    defaultSize: 50,
    validate: pageSizeRule as never,
    authScopes: { role: ['COMMISSIONER', 'PROVIDER', 'LINK_WORKER'] },
    description:
      'Soonest ending first. Commissioners: the zone’s; providers: their organisation’s signed and ended; link workers: the zone’s signed and ended',
    args: { filter: t.arg({ type: ContractFilter }) },
    resolve: (query, _root, args, ctx) =>
      ctx.db.query.contracts.findMany(
        query({
          where: { RAW: (table) => contractFilterSql(table as typeof contracts, ctx, args.filter) },
          orderBy: { endDate: 'asc', id: 'asc' },
        }),
      ) as unknown as Promise<(typeof contracts.$inferSelect)[]>,
    totalCount: async (_root, args, ctx) =>
      await ctx.db.$count(contracts, contractFilterSql(contracts, ctx, args.filter)),
  }),
);

const requireCommissioner = (ctx: Context) => {
  if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners manage contracts');
  return ctx.viewer;
};

const CreateContractInput = builder.inputType('CreateContractInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true, description: 'The listing contracted; its organisation is the provider' }),
    fundingPotId: t.id({ required: true }),
    places: t.int({
      required: true,
      validate: { min: [1, { message: 'A contract has at least 1 place' }], max: 10_000 },
    }),
    pricePerPlacePence: t.int({
      required: true,
      validate: {
        min: [1, { message: 'Give the price per place' }],
        max: [100_000_000, { message: 'That price is too large' }],
      },
    }),
    startDate: t.field({ type: 'Date', required: true }),
    endDate: t.field({ type: 'Date', required: true }),
  }),
});

builder.mutationField('createContract', (t) =>
  t.field({
    type: Contract,
    args: { input: t.arg({ type: CreateContractInput, required: true }) },
    errors: mutationResult('CreateContract', 'contract'),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      checkContractDates({ startDate: String(input.startDate), endDate: String(input.endDate) }, londonDate(ctx.now()));
      return inTransaction(ctx.db, (tx) =>
        createContract(tx, actor, {
          serviceId: idOf(input.serviceId, 'Service', ['input', 'serviceId']),
          fundingPotId: idOf(input.fundingPotId, 'FundingPot', ['input', 'fundingPotId']),
          places: input.places,
          pricePerPlacePence: input.pricePerPlacePence,
          startDate: String(input.startDate),
          endDate: String(input.endDate),
        }),
      );
    },
  }),
);

const SignContractInput = builder.inputType('SignContractInput', {
  fields: (t) => ({ contractId: t.id({ required: true }) }),
});
builder.mutationField('signContract', (t) =>
  t.field({
    type: Contract,
    args: { input: t.arg({ type: SignContractInput, required: true }) },
    errors: mutationResult('SignContract', 'contract', [ContractStateError]),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      const id = idOf(input.contractId, 'Contract', ['input', 'contractId']);
      return inTransaction(ctx.db, (tx) => signContract(tx, actor, id, ctx.now()));
    },
  }),
);

const EndContractInput = builder.inputType('EndContractInput', {
  fields: (t) => ({
    contractId: t.id({ required: true }),
    endedOn: t.field({ type: 'Date', description: 'Today when not given; at the latest the contract’s end date' }),
  }),
});
builder.mutationField('endContract', (t) =>
  t.field({
    type: Contract,
    args: { input: t.arg({ type: EndContractInput, required: true }) },
    errors: mutationResult('EndContract', 'contract', [ContractStateError]),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      const id = idOf(input.contractId, 'Contract', ['input', 'contractId']);
      const endedOn = input.endedOn ? String(input.endedOn) : londonDate(ctx.now());
      return inTransaction(ctx.db, (tx) => endContract(tx, actor, actor.zoneId, id, endedOn));
    },
  }),
);
