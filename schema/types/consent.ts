import { and, eq, inArray, isNotNull } from 'drizzle-orm';
import {
  type childConsents,
  commissions,
  consentActionEnum,
  consentGiverEnum,
  consentMethodEnum,
  consentPurposeEnum,
} from '../../drizzle/schema';
import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, sameZone } from '../domain/access';
import { PAUSABLE } from '../domain/commission-machine';
import { recordConsent, withdrawConsent } from '../domain/consent';
import { idOf } from '../domain/ids';
import { inTransaction } from '../domain/transaction';
import { mutationResult } from '../errors';
import { Child } from './child';

// The family's consent to share a child's details with providers (issue 14, point 5): read by the
// child's link worker and the zone's commissioners, recorded and withdrawn by the link worker only.

export const ConsentAction = builder.enumType('ConsentAction', { values: consentActionEnum.enumValues });
export const ConsentGiver = builder.enumType('ConsentGiver', { values: consentGiverEnum.enumValues });
export const ConsentMethod = builder.enumType('ConsentMethod', { values: consentMethodEnum.enumValues });
export const ConsentPurpose = builder.enumType('ConsentPurpose', {
  values: consentPurposeEnum.enumValues,
  description: 'SHARE_WITH_PROVIDERS (what commissioning needs) is part of every consent; the others widen it',
});

const ConsentRecord = builder.drizzleObject('childConsents', {
  name: 'ConsentRecord',
  description: 'One entry in a child’s consent history (never changed: a change of mind is a new entry)',
  fields: (t) => ({
    action: t.expose('action', { type: ConsentAction }),
    givenBy: t.expose('givenBy', { type: ConsentGiver, nullable: true, description: 'GIVEN only' }),
    method: t.expose('method', { type: ConsentMethod, nullable: true, description: 'GIVEN only' }),
    purposes: t.expose('purposes', { type: [ConsentPurpose] }),
    effectiveOn: t.expose('effectiveOn', { type: 'Date', description: 'The day it was given or withdrawn' }),
    reason: t.exposeString('reason', { nullable: true, description: 'WITHDRAWN only' }),
    note: t.exposeString('note'),
    recordedBy: t.relation('recordedBy'),
    recordedAt: t.expose('recordedAt', { type: 'DateTime' }),
  }),
});

type ChildRow = { zoneId: number; linkWorkerId: number };
const mayRead = (c: object, ctx: Context) => {
  const row = c as ChildRow;
  return (
    (hasRole(ctx, 'LINK_WORKER') && ctx.viewer.id === row.linkWorkerId) ||
    (hasRole(ctx, 'COMMISSIONER') && sameZone(ctx, row.zoneId))
  );
};
type WithConsents = { consents: (typeof childConsents.$inferSelect)[] };

builder.drizzleObjectFields(Child, (t) => ({
  consentInForce: t.boolean({
    nullable: true,
    description: 'The family’s consent to share details with providers is in force (needed to raise a commission)',
    authScopes: (c, _a, ctx) => mayRead(c, ctx),
    select: { with: { consents: { columns: { action: true }, orderBy: { id: 'desc' }, limit: 1 } } },
    resolve: (c) => (c as unknown as WithConsents).consents[0]?.action === 'GIVEN',
  }),
  consentHistory: t.relation('consents', {
    nullable: true,
    type: ConsentRecord,
    description: 'Newest first: the first entry is what is in force',
    authScopes: (c, _a, ctx) => mayRead(c, ctx),
    query: { orderBy: { id: 'desc' } },
  }),
}));

const PausedCommission = builder.objectRef<{ reference: string }>('PausedCommission').implement({
  description: 'A commission paused because the family withdrew consent: all its provider may see',
  fields: (t) => ({ reference: t.exposeString('reference') }),
});

builder.queryField('pausedCommissions', (t) =>
  t.field({
    type: [PausedCommission],
    authScopes: { role: ['PROVIDER'] },
    description: 'Providers: commissions to their organisation paused while consent is withdrawn (references only)',
    resolve: (_root, _args, ctx) =>
      ctx.db
        .select({ reference: commissions.reference })
        .from(commissions)
        .where(
          and(
            eq(commissions.organisationId, ctx.viewer?.organisationId ?? -1),
            isNotNull(commissions.approvedAt),
            isNotNull(commissions.pausedAt),
            inArray(commissions.status, [...PAUSABLE]), // one ended while paused is paused no more
          ),
        )
        .orderBy(commissions.reference),
  }),
);

const RecordConsentInput = builder.inputType('RecordConsentInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    givenBy: t.field({ type: ConsentGiver, required: true }),
    method: t.field({ type: ConsentMethod, required: true }),
    givenOn: t.field({ type: 'Date', required: true }),
    purposes: t.field({ type: [ConsentPurpose], description: 'SHARE_WITH_PROVIDERS is always included' }),
    note: t.string({ validate: { maxLength: [1000, { message: 'Keep the note to 1000 characters' }] } }),
  }),
});

const WithdrawConsentInput = builder.inputType('WithdrawConsentInput', {
  fields: (t) => ({
    childId: t.id({ required: true }),
    withdrawnOn: t.field({ type: 'Date', required: true }),
    reason: t.string({
      required: true,
      validate: {
        maxLength: [1000, { message: 'Keep the reason to 1000 characters' }],
        refine: [
          (v: string) => v.trim().length >= 3,
          { message: 'Give a reason for the withdrawal, of at least 3 characters' },
        ],
      },
    }),
  }),
});

const loadChild = async (ctx: Context, id: number) =>
  (await ctx.db.query.children.findFirst({
    where: { id },
    with: { liveCommissions: { columns: { organisationId: true } } },
  }))!;

builder.mutationField('recordConsent', (t) =>
  t.field({
    type: Child,
    args: { input: t.arg({ type: RecordConsentInput, required: true }) },
    errors: mutationResult('RecordConsent', 'child'),
    description: 'The child’s link worker records the family’s consent; paused commissions resume',
    resolve: async (_root, { input }, ctx) => {
      const childId = idOf(input.childId, 'Child', ['input', 'childId']);
      await inTransaction(ctx.db, (tx) =>
        recordConsent(
          tx,
          ctx.viewer!,
          {
            childId,
            givenBy: input.givenBy,
            method: input.method,
            givenOn: input.givenOn,
            purposes: input.purposes ?? [],
            note: input.note ?? null,
          },
          ctx.now(),
        ),
      );
      return loadChild(ctx, childId);
    },
  }),
);

builder.mutationField('withdrawConsent', (t) =>
  t.field({
    type: Child,
    args: { input: t.arg({ type: WithdrawConsentInput, required: true }) },
    errors: mutationResult('WithdrawConsent', 'child'),
    description: 'The child’s link worker records consent withdrawn; open commissions pause',
    resolve: async (_root, { input }, ctx) => {
      const childId = idOf(input.childId, 'Child', ['input', 'childId']);
      await inTransaction(ctx.db, (tx) =>
        withdrawConsent(tx, ctx.viewer!, { childId, withdrawnOn: input.withdrawnOn, reason: input.reason }, ctx.now()),
      );
      return loadChild(ctx, childId);
    },
  }),
);
