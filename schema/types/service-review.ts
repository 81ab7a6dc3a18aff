import { builder } from '../builder';
import type { Context } from '../context';
import { hasRole, isProviderOf } from '../domain/access';
import { ForbiddenError } from '../domain/errors';
import { idOf } from '../domain/ids';
import { decideReview, openReview, REVIEW_DECISIONS, REVIEW_REASONS, respondToReview } from '../domain/service-reviews';
import { inTransaction } from '../domain/transaction';
import { londonDate } from '../domain/working-days';
import { mutationResult } from '../errors';
import { nodeVisibility } from '../node-access';
import { Service } from './service';

// Decommissioning reviews (issue 12, point 6): seen by the zone's commissioners and the service's
// provider; the history stays on the service's page.

const ReviewReason = builder.enumType('ServiceReviewReason', { values: REVIEW_REASONS });
const ReviewDecision = builder.enumType('ServiceReviewDecision', { values: REVIEW_DECISIONS });

type Owner = { zoneId: number; service: { organisationId: number } };
const mayRead = (r: Owner, ctx: Context) =>
  (hasRole(ctx, 'COMMISSIONER') && ctx.viewer.zoneId === r.zoneId) || isProviderOf(ctx, r.service.organisationId);
// node(id) answers the same people as Service.reviews.
nodeVisibility('ServiceReview', mayRead);

const Snapshot = builder.objectRef<Record<string, unknown>>('ServiceReviewSnapshot').implement({
  description: 'The service’s figures when the decision was taken (outcomes suppressed below 10 children)',
  fields: (t) => ({
    at: t.field({ type: 'DateTime', resolve: (s) => new Date(String(s.at)) }),
    commissions: t.int({ resolve: (s) => Number(s.commissions ?? 0) }),
    liveCommissions: t.int({ resolve: (s) => Number(s.liveCommissions ?? 0) }),
    measure: t.string({ resolve: (s) => String(s.measure) }),
    suppressed: t.boolean({ resolve: (s) => Boolean(s.suppressed) }),
    children: t.int({ nullable: true, resolve: (s) => (s.children as number | null) ?? null }),
    reliablyImproved: t.int({ nullable: true, resolve: (s) => (s.reliablyImproved as number | null) ?? null }),
    costPerImprovedChildPence: t.field({
      type: 'SafeInt',
      nullable: true,
      resolve: (s) => (s.costPerImprovedChildPence as number | null) ?? null,
    }),
  }),
});

export const ServiceReview = builder.drizzleNode('serviceReviews', {
  name: 'ServiceReview',
  id: { column: (r) => r.id },
  select: { columns: { zoneId: true }, with: { service: { columns: { organisationId: true } } } },
  authScopes: (r, ctx) => mayRead(r as unknown as Owner, ctx),
  fields: (t) => ({
    service: t.relation('service'),
    reasons: t.field({
      type: [ReviewReason],
      select: { columns: { reasons: true } },
      resolve: (r) => r.reasons as never,
    }),
    reasonText: t.exposeString('reasonText'),
    openedAt: t.expose('openedAt', { type: 'DateTime' }),
    openedBy: t.string({
      select: { with: { openedBy: { columns: { name: true } } } },
      resolve: (r) => r.openedBy.name,
    }),
    providerResponse: t.exposeString('providerResponse', { nullable: true }),
    respondedAt: t.expose('respondedAt', { type: 'DateTime', nullable: true }),
    decision: t.field({
      type: ReviewDecision,
      nullable: true,
      select: { columns: { decision: true } },
      resolve: (r) => r.decision as never,
    }),
    conditions: t.exposeString('conditions', { nullable: true }),
    decommissionFrom: t.expose('decommissionFrom', { type: 'Date', nullable: true }),
    evidence: t.exposeString('evidence', { nullable: true }),
    decidedAt: t.expose('decidedAt', { type: 'DateTime', nullable: true }),
    decidedBy: t.string({
      nullable: true,
      select: { with: { decidedBy: { columns: { name: true } } } },
      resolve: (r) => r.decidedBy?.name ?? null,
    }),
    outcomeSnapshot: t.field({
      type: Snapshot,
      nullable: true,
      select: { columns: { outcomeSnapshot: true } },
      resolve: (r) => r.outcomeSnapshot ?? null,
    }),
  }),
});

builder.drizzleObjectFields(Service, (t) => ({
  decommissionedFrom: t.expose('decommissionedFrom', {
    type: 'Date',
    nullable: true,
    description: 'Decommissioned by the zone: no new commissions from this date (live ones finish)',
  }),
  closedToNewRequests: t.boolean({
    description: 'Decommissioned, and the date has come: it takes no new commissions',
    select: { columns: { decommissionedFrom: true } },
    resolve: (s, _a, ctx) => s.decommissionedFrom != null && londonDate(ctx.now()) >= s.decommissionedFrom,
  }),
  reviews: t.relation('reviews', {
    nullable: true,
    description: 'Its decommissioning reviews, newest first: the zone’s commissioners and its provider only',
    authScopes: (s, _a, ctx) =>
      (hasRole(ctx, 'COMMISSIONER') && ctx.viewer.zoneId === s.zoneId) || isProviderOf(ctx, s.organisationId),
    query: { orderBy: { id: 'desc' } },
  }),
}));

const OpenServiceReviewInput = builder.inputType('OpenServiceReviewInput', {
  fields: (t) => ({
    serviceId: t.id({ required: true }),
    reasons: t.field({ type: [ReviewReason], required: true }),
    reasonText: t.string({ required: true, validate: { maxLength: 4000 } }),
  }),
});
const RespondToServiceReviewInput = builder.inputType('RespondToServiceReviewInput', {
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    response: t.string({ required: true, validate: { maxLength: 4000 } }),
  }),
});
const DecideServiceReviewInput = builder.inputType('DecideServiceReviewInput', {
  fields: (t) => ({
    reviewId: t.id({ required: true }),
    decision: t.field({ type: ReviewDecision, required: true }),
    evidence: t.string({ required: true, validate: { maxLength: 8000 } }),
    conditions: t.string({ validate: { maxLength: 4000 }, description: 'For CONTINUE_WITH_CONDITIONS' }),
    decommissionFrom: t.field({
      type: 'Date',
      description: 'For DECOMMISSION: today or later, at most two years ahead',
    }),
  }),
});

// The full row with what authorisation reads; the drizzle plugin loads the fields asked for.
const reload = (ctx: Context, id: number) =>
  ctx.db.query.serviceReviews
    .findFirst({ where: { id }, with: { service: { columns: { organisationId: true } } } })
    .then((r) => r!);

builder.mutationField('openServiceReview', (t) =>
  t.field({
    type: ServiceReview,
    args: { input: t.arg({ type: OpenServiceReviewInput, required: true }) },
    errors: mutationResult('OpenServiceReview', 'review'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners review services');
      const actor = ctx.viewer;
      const row = await inTransaction(ctx.db, (tx) =>
        openReview(tx, actor, {
          serviceId: idOf(input.serviceId, 'Service', ['input', 'serviceId']),
          reasons: input.reasons,
          reasonText: input.reasonText,
        }),
      );
      return reload(ctx, row.id);
    },
  }),
);

builder.mutationField('respondToServiceReview', (t) =>
  t.field({
    type: ServiceReview,
    args: { input: t.arg({ type: RespondToServiceReviewInput, required: true }) },
    errors: mutationResult('RespondToServiceReview', 'review'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'PROVIDER')) throw new ForbiddenError('Only the provider responds');
      const actor = ctx.viewer;
      const row = await inTransaction(ctx.db, (tx) =>
        respondToReview(tx, actor, {
          reviewId: idOf(input.reviewId, 'ServiceReview', ['input', 'reviewId']),
          response: input.response,
        }),
      );
      return reload(ctx, row.id);
    },
  }),
);

builder.mutationField('decideServiceReview', (t) =>
  t.field({
    type: ServiceReview,
    args: { input: t.arg({ type: DecideServiceReviewInput, required: true }) },
    errors: mutationResult('DecideServiceReview', 'review'),
    resolve: async (_root, { input }, ctx) => {
      if (!hasRole(ctx, 'COMMISSIONER')) throw new ForbiddenError('Only commissioners decide a review');
      const actor = ctx.viewer;
      const row = await inTransaction(ctx.db, (tx) =>
        decideReview(
          tx,
          actor,
          {
            reviewId: idOf(input.reviewId, 'ServiceReview', ['input', 'reviewId']),
            decision: input.decision,
            evidence: input.evidence,
            conditions: input.conditions ?? null,
            decommissionFrom: input.decommissionFrom ? String(input.decommissionFrom) : null,
          },
          londonDate(ctx.now()),
        ),
      );
      return reload(ctx, row.id);
    },
  }),
);
