import { builder, type InputFieldBuilder } from '../builder';
import type { Context, Viewer } from '../context';
import type { CommissionAction } from '../domain/commission-machine';
import { raiseCommission, transitionCommission } from '../domain/commissions';
import { ContractFullError } from '../domain/contract-places';
import {
  CapacityFullError,
  CommissionPausedError,
  ConsentRequiredError,
  ForbiddenError,
  InsufficientBudgetError,
  InvalidTransitionError,
  ServiceDecommissionedError,
  ValidationError,
} from '../domain/errors';
import { idOf } from '../domain/ids';
import { afterResponse, linkCommissionToSearches } from '../domain/search-log';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { Commission } from './commission';
import { idempotencyKey } from './idempotency-key';

function requireViewer(ctx: Context): Viewer {
  if (!ctx.viewer) throw new ForbiddenError('Sign in first');
  return ctx.viewer;
}

const RaiseCommissionInput = builder.inputType('RaiseCommissionInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    serviceId: t.id({ required: true }),
    units: t.int({
      required: true,
      validate: {
        min: [1, { message: 'Commission at least 1 unit' }],
        max: [200, { message: 'Commission at most 200 units at once' }],
      },
    }),
    rationale: t.string({
      required: true,
      validate: {
        minLength: [10, { message: 'Say in a sentence why this helps the child (at least 10 characters)' }],
        maxLength: [2000, { message: 'Keep the rationale to 2000 characters' }],
      },
      description: 'Why this helps the child: seen by the link worker and commissioners, never the provider',
    }),
    requestToProvider: t.string({
      description:
        'What the provider is asked to deliver, written for them: the provider sees this, never the rationale. Blank: a plain brief from the service and units',
      validate: { maxLength: [2000, { message: 'Keep the request to the provider to 2000 characters' }] },
    }),
    requestedStartDate: t.field({ type: 'Date' }),
    idempotencyKey: idempotencyKey(t),
    contractId: t.id({
      description:
        'Raise under this block contract for the service: units are places drawn from the block, costing the child’s budget nothing',
    }),
    stretch: t.boolean({
      description:
        'With contractId, when the block is full: ask for places beyond it at the contract price, charged to the child’s budget after a commissioner approves',
    }),
  }),
});

// The full row, so authorisation sees what it checks; the drizzle plugin loads the relations asked for.
const loadCommission = async (ctx: Context, id: number) =>
  (await ctx.db.query.commissions.findFirst({ where: { id } }))!;

builder.mutationField('raiseCommission', (t) =>
  t.field({
    type: Commission,
    description:
      'APPROVED at once when the amount is at or under the zone’s delegated limit, else REQUESTED until a commissioner acts. A zone that keeps an approved-services list also sends every commission for a service not on it to a commissioner (approvalReason says why)',
    args: { input: t.arg({ type: RaiseCommissionInput, required: true }) },
    errors: mutationResult('RaiseCommission', 'commission', [
      InsufficientBudgetError,
      ConsentRequiredError,
      ContractFullError,
      ServiceDecommissionedError,
    ]),
    resolve: async (_root, { input }, ctx) => {
      const actor = requireViewer(ctx);
      // Said, not ignored: without a contract there is no block to stretch beyond.
      if (input.stretch && input.contractId == null)
        throw ValidationError.field(['input', 'stretch'], 'Stretch places are asked for under a contract: choose it');
      const raised = await inTransaction(ctx.db, (tx) =>
        raiseCommission(
          tx,
          actor,
          {
            childId: idOf(input.childId, 'Child', ['input', 'childId']),
            serviceId: idOf(input.serviceId, 'Service', ['input', 'serviceId']),
            units: input.units,
            rationale: input.rationale.trim(),
            requestToProvider: input.requestToProvider ?? null,
            requestedStartDate: input.requestedStartDate ?? null,
            idempotencyKey: input.idempotencyKey,
            ...(input.contractId != null
              ? {
                  contractId: idOf(input.contractId, 'Contract', ['input', 'contractId']),
                  stretch: input.stretch ?? false,
                }
              : {}),
          },
          ctx.now(),
        ),
      );
      // Marks this session's recent searches that showed the listing (no one's identity is stored).
      const serviceId = idOf(input.serviceId, 'Service', ['input', 'serviceId']);
      afterResponse(
        ctx,
        async () => void (await linkCommissionToSearches(ctx.db, actor.sessionId, serviceId, ctx.now())),
      );
      // The row the raise wrote (a replay of an earlier raise has only its id, so reads it).
      return raised.commission ?? loadCommission(ctx, raised.commissionId);
    },
  }),
);

const reason = (t: InputFieldBuilder, label: string) =>
  t.string({
    required: true,
    validate: {
      // One rule for "too short", blank or not (minLength beside it reported the same error twice).
      maxLength: [1000, { message: `Keep the ${label} to 1000 characters` }],
      refine: [(v: string) => v.trim().length >= 3, { message: `Give a ${label}` }],
    },
  });
const note = (t: InputFieldBuilder) => t.string({ validate: { maxLength: 1000 } });

// Each lifecycle step is its own mutation, named and shaped as the API contract publishes.
const TRANSITION_MUTATIONS: {
  name: string;
  action: CommissionAction;
  fields: (t: InputFieldBuilder) => Record<string, unknown>;
}[] = [
  { name: 'approveCommission', action: 'approve', fields: (t) => ({ note: note(t) }) },
  { name: 'rejectCommission', action: 'reject', fields: (t) => ({ reason: reason(t, 'reason for rejecting') }) },
  { name: 'acceptCommission', action: 'accept', fields: () => ({}) },
  { name: 'declineCommission', action: 'decline', fields: (t) => ({ reason: reason(t, 'reason for declining') }) },
  {
    name: 'recordDelivery',
    action: 'recordDelivery',
    fields: (t) => ({
      units: t.int({ required: true, validate: { min: [1, { message: 'Record at least 1 unit' }] } }),
      note: note(t),
    }),
  },
  { name: 'completeCommission', action: 'complete', fields: () => ({}) },
  { name: 'cancelCommission', action: 'cancel', fields: (t) => ({ reason: reason(t, 'reason for cancelling') }) },
];

for (const { name, action, fields } of TRANSITION_MUTATIONS) {
  const typeName = `${name[0]!.toUpperCase()}${name.slice(1)}`;
  const Input = builder.inputType(`${typeName}Input`, {
    fields: (t) => ({ commissionId: t.id({ required: true }), ...(fields(t) as object) }) as never,
  });
  builder.mutationField(name, (t) =>
    t.field({
      type: Commission,
      args: { input: t.arg({ type: Input, required: true }) },
      errors: mutationResult(typeName, 'commission', [
        InvalidTransitionError,
        CommissionPausedError,
        ...(action === 'accept' ? [CapacityFullError] : []),
      ]),
      resolve: async (_root, { input }, ctx) => {
        const actor = requireViewer(ctx);
        const args = input as unknown as {
          commissionId: string;
          note?: string | null;
          reason?: string;
          units?: number;
        };
        const { commissionId } = await inTransaction(ctx.db, (tx) =>
          transitionCommission(tx, actor, action, {
            commissionId: idOf(args.commissionId, 'Commission', ['input', 'commissionId']),
            note: (args.reason ?? args.note)?.trim() || null,
            units: args.units ?? null,
          }),
        );
        return loadCommission(ctx, commissionId);
      },
    }),
  );
}
