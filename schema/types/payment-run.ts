import { and, desc, eq, sql } from 'drizzle-orm';
import { paymentLines, paymentRunStatusEnum, paymentRuns } from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { AlreadyPaidError, createPaymentRun, markPaymentRunPaid } from '../domain/payment-runs';
import { inTransaction } from '../domain/transaction';
import { ErrorInterface, mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { optionalIdempotencyKey } from './idempotency-key';
import { listArgs, listPage, pageSizeRule } from './pagination';

// Payment runs are the commissioners' (deny by default: no other role sees a run); a provider sees
// only its own lines, as remittances (query remittances).
const visible = nodeVisibility(
  'PaymentRun',
  (r: { zoneId: number }, ctx: Context) => hasRole(ctx, 'COMMISSIONER') && sameZone(ctx, r.zoneId),
);

export const PaymentRunStatus = builder.enumType('PaymentRunStatus', { values: paymentRunStatusEnum.enumValues });

const lineSelect = {
  columns: { commissionId: true, contractId: true },
  with: { commission: { columns: { reference: true } }, contract: { columns: { reference: true } } },
} as const;

export const PaymentLine = builder.drizzleObject('paymentLines', {
  name: 'PaymentLine',
  description: 'One payable line: a completed commission’s spend or a contract’s monthly instalment',
  fields: (t) => ({
    reference: t.string({
      description: 'The commission reference (CR-XXXXX) or the contract reference (BC-XXXXX)',
      select: lineSelect as never,
      resolve: (l) => {
        const row = l as unknown as {
          commission?: { reference: string } | null;
          contract?: { reference: string } | null;
        };
        return row.commission?.reference ?? row.contract?.reference ?? '';
      },
    }),
    kind: t.string({
      description: 'COMMISSION or CONTRACT_INSTALMENT',
      select: { columns: { commissionId: true } },
      resolve: (l) => (l.commissionId ? 'COMMISSION' : 'CONTRACT_INSTALMENT'),
    }),
    month: t.exposeString('month', { nullable: true, description: 'A contract instalment’s month, YYYY-MM' }),
    description: t.exposeString('description'),
    amountPence: t.expose('amountPence', { type: 'SafeInt' }),
    fundSource: t.exposeString('fundSource'),
    remittanceNumber: t.exposeString('remittanceNumber'),
    supplier: t.relation('organisation'),
    supplierName: t.exposeString('supplierName', {
      description: 'The supplier’s name as paid, when the run was made (the organisation may be renamed since)',
    }),
  }),
});

export const PaymentRun = builder.drizzleNode('paymentRuns', {
  name: 'PaymentRun',
  description: 'What was payable on a date, per provider; paid once finance has paid it',
  id: { column: (r) => r.id },
  select: { columns: { zoneId: true } },
  authScopes: (r, ctx) => visible(r, ctx),
  fields: (t) => ({
    reference: t.exposeString('reference', { description: 'e.g. PR-7KQ2M; each provider’s remittance is PR-7KQ2M/n' }),
    runDate: t.expose('runDate', { type: 'Date' }),
    status: t.expose('status', { type: PaymentRunStatus }),
    totalPence: t.expose('totalPence', { type: 'SafeInt' }),
    financeReference: t.exposeString('financeReference', { nullable: true }),
    paidAt: t.expose('paidAt', { type: 'DateTime', nullable: true }),
    createdAt: t.expose('createdAt', { type: 'DateTime' }),
    lines: t.relation('lines', { query: { orderBy: { organisationId: 'asc', id: 'asc' } } }),
  }),
});

builder.queryField('paymentRuns', (t) =>
  t.drizzleConnection({
    type: PaymentRun,
    maxSize: 100,
    defaultSize: 20,
    validate: pageSizeRule as never,
    authScopes: { role: ['COMMISSIONER'] },
    description: 'The zone’s payment runs, newest first',
    resolve: (query, _root, _args, ctx) =>
      ctx.db.query.paymentRuns.findMany(
        query({ where: { zoneId: ctx.viewer!.zoneId }, orderBy: { id: 'desc' } }),
      ) as unknown as Promise<(typeof paymentRuns.$inferSelect)[]>,
    totalCount: async (_root, _args, ctx) =>
      await ctx.db.$count(paymentRuns, eq(paymentRuns.zoneId, ctx.viewer!.zoneId)),
  }),
);

type RemittanceShape = {
  remittanceNumber: string;
  runReference: string;
  runDate: string;
  status: 'CREATED' | 'PAID';
  paidAt: Date | null;
  financeReference: string | null;
  totalPence: number;
  lineIds: number[];
  /** Shared by the page's remittances: their lines load in one statement (per selection of `lines`). */
  batch: LineBatch;
};

/** Every line id of a page of remittances, and the one load per `lines` selection (its AST node). */
type LineBatch = { ids: number[]; loads: Map<object, Promise<(typeof paymentLines.$inferSelect)[]>> };

const Remittance = builder.objectRef<RemittanceShape>('Remittance').implement({
  description: 'A provider’s part of a payment run: what it is paid, line by line',
  fields: (t) => ({
    remittanceNumber: t.exposeString('remittanceNumber'),
    runReference: t.exposeString('runReference'),
    runDate: t.field({ type: 'Date', resolve: (r) => r.runDate }),
    status: t.field({ type: PaymentRunStatus, resolve: (r) => r.status }),
    paidAt: t.field({ type: 'DateTime', nullable: true, resolve: (r) => r.paidAt }),
    financeReference: t.exposeString('financeReference', { nullable: true }),
    totalPence: t.expose('totalPence', { type: 'SafeInt' }),
    lines: t.drizzleField({
      type: [PaymentLine],
      description: 'The remittance’s lines; a page of remittances loads all its lines in one statement',
      resolve: async (query, r, _args, ctx, info) => {
        // A dataloader of its own: the first remittance to ask loads the lines of every remittance
        // on the page; the others wait for the same statement and take their own.
        const key = info.fieldNodes[0]!;
        let load = r.batch.loads.get(key);
        if (!load) {
          // A real promise (drizzle's query runs again on every `await` of it): one statement, shared.
          load = Promise.resolve(
            ctx.db.query.paymentLines.findMany(
              query({ where: { id: { in: r.batch.ids } }, orderBy: { id: 'asc' } }),
            ) as unknown as Promise<(typeof paymentLines.$inferSelect)[]>,
          );
          r.batch.loads.set(key, load);
        }
        const own = new Set(r.lineIds);
        return (await load).filter((l) => own.has(l.id)) as never;
      },
    }),
  }),
});

builder.queryField('remittances', (t) =>
  t.field({
    type: [Remittance],
    authScopes: { role: ['PROVIDER'] },
    description: 'Your organisation’s remittances, newest run first (providers only; a page: limit, offset)',
    args: listArgs(t),
    resolve: async (_root, args, ctx) => {
      const org = ctx.viewer!.organisationId;
      if (!org) return [];
      // Grouped and paged in SQL: one statement, never every line the provider was ever paid.
      const { limit, offset } = listPage(args);
      const rows = await ctx.db
        .select({
          remittanceNumber: paymentLines.remittanceNumber,
          runReference: paymentRuns.reference,
          runDate: paymentRuns.runDate,
          status: paymentRuns.status,
          paidAt: paymentRuns.paidAt,
          financeReference: paymentRuns.financeReference,
          totalPence: sql<number>`sum(${paymentLines.amountPence})::int`.mapWith(Number),
          lineIds: sql<number[]>`array_agg(${paymentLines.id} order by ${paymentLines.id})`.mapWith((ids: unknown) =>
            (ids as (string | number)[]).map(Number),
          ),
        })
        .from(paymentLines)
        .innerJoin(paymentRuns, eq(paymentRuns.id, paymentLines.runId))
        .where(and(eq(paymentLines.organisationId, org), eq(paymentLines.zoneId, ctx.viewer!.zoneId)))
        .groupBy(paymentLines.remittanceNumber, paymentRuns.id)
        .orderBy(desc(paymentRuns.id), sql`min(${paymentLines.id})`)
        .limit(limit)
        .offset(offset);
      const batch: LineBatch = { ids: rows.flatMap((r) => r.lineIds), loads: new Map() };
      return rows.map((r) => ({ ...r, batch }));
    },
  }),
);

builder.objectType(AlreadyPaidError, {
  name: 'AlreadyPaidError',
  interfaces: [ErrorInterface],
  fields: (t) => ({ financeReference: t.exposeString('financeReference') }),
});

const requireCommissioner = (ctx: Context) => {
  if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners run payments');
  return ctx.viewer;
};
const loadRun = async (ctx: Context, id: number) => (await ctx.db.query.paymentRuns.findFirst({ where: { id } }))!;

const CreatePaymentRunInput = builder.inputType('CreatePaymentRunInput', {
  fields: (t) => ({
    runDate: t.field({
      type: 'Date',
      required: true,
      description: 'Pays commissions completed on or before it and contract months ended before it',
    }),
    idempotencyKey: optionalIdempotencyKey(t),
  }),
});
builder.mutationField('createPaymentRun', (t) =>
  t.field({
    type: PaymentRun,
    args: { input: t.arg({ type: CreatePaymentRunInput, required: true }) },
    errors: mutationResult('CreatePaymentRun', 'paymentRun'),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      const { runId } = await inTransaction(ctx.db, (tx) =>
        createPaymentRun(tx, actor, String(input.runDate), input.idempotencyKey),
      );
      return loadRun(ctx, runId);
    },
  }),
);

const MarkPaymentRunPaidInput = builder.inputType('MarkPaymentRunPaidInput', {
  fields: (t) => ({
    paymentRunId: t.id({ required: true }),
    financeReference: t.string({
      required: true,
      description: 'The finance system’s reference for the payment (e.g. its BACS batch)',
      validate: {
        minLength: [2, { message: 'Give the finance system’s reference' }],
        maxLength: [60, { message: 'Keep the reference to 60 characters' }],
        regex: [/^[A-Za-z0-9][A-Za-z0-9 /_.:-]*$/, { message: 'Use letters, digits, spaces and / _ . : -' }],
      },
    }),
  }),
});
builder.mutationField('markPaymentRunPaid', (t) =>
  t.field({
    type: PaymentRun,
    args: { input: t.arg({ type: MarkPaymentRunPaidInput, required: true }) },
    errors: mutationResult('MarkPaymentRunPaid', 'paymentRun', [AlreadyPaidError]),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireCommissioner(ctx);
      const id = idOf(input.paymentRunId, 'PaymentRun', ['input', 'paymentRunId']);
      await inTransaction(ctx.db, (tx) => markPaymentRunPaid(tx, actor, id, input.financeReference.trim(), ctx.now()));
      return loadRun(ctx, id);
    },
  }),
);
