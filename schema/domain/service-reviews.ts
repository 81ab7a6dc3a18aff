import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, inArray, sql } from 'drizzle-orm';
import { commissions, serviceReviews, services, users } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit, notify } from './audit';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import { longDate } from './long-date';
import { findMeasure } from './measures';
import { serviceOutcomes } from './outcomes';
import type { Tx } from './transaction';
import { addYears } from './working-days';

// Decommissioning (issue 12, point 6). A commissioner opens a review of a service with its reasons;
// the provider is told (in the portal and by email) and may respond; a commissioner decides:
// CONTINUE, CONTINUE_WITH_CONDITIONS (the conditions) or DECOMMISSION (from a date, after which the
// service takes no new commissions while live ones finish). The decision keeps its evidence and the
// service's outcome figures at the time. Every step is audited; the history stays.

export const REVIEW_REASONS = ['LOW_UPTAKE', 'POOR_OUTCOMES', 'PRICE', 'COMPLAINTS', 'OTHER'] as const;
export const REVIEW_DECISIONS = ['CONTINUE', 'CONTINUE_WITH_CONDITIONS', 'DECOMMISSION'] as const;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
/** How far ahead a decision may set the decommission date. */
export const DECOMMISSION_WITHIN_YEARS = 2;
/** The measure whose figures a decision keeps. */
export const SNAPSHOT_MEASURE = 'SDQ_TOTAL';

// The listing's page, which exists for every role concerned; a page of its own for the review
// (reading it, responding, deciding) is still to be built.
const reviewPath = (serviceId: number) => `/services/${encodeURIComponent(encodeGlobalID('Service', serviceId))}`;

async function providerStaff(tx: Tx, organisationId: number) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'PROVIDER'), eq(users.active, true)));
  return rows.map((r) => r.id);
}

async function serviceOf(tx: Tx, actor: Viewer, serviceId: number) {
  const [service] = await tx
    .select()
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.zoneId, actor.zoneId)))
    .for('update');
  if (!service || service.status === 'DRAFT') throw new NotFoundError('Service');
  return service;
}

export async function openReview(
  tx: Tx,
  actor: Viewer,
  input: { serviceId: number; reasons: string[]; reasonText: string },
) {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners review services');
  if (input.reasons.length === 0) throw ValidationError.field(['input', 'reasons'], 'Choose at least one reason');
  if (!input.reasonText.trim()) throw ValidationError.field(['input', 'reasonText'], 'Say why the service is reviewed');
  const service = await serviceOf(tx, actor, input.serviceId);
  if (service.decommissionedFrom)
    throw ValidationError.field(['input', 'serviceId'], 'This service has already been decommissioned');
  const [row] = await tx
    .insert(serviceReviews)
    .values({
      zoneId: actor.zoneId,
      serviceId: service.id,
      reasons: [...new Set(input.reasons)],
      reasonText: input.reasonText.trim(),
      openedById: actor.id,
    })
    .onConflictDoNothing()
    .returning();
  if (!row) throw ValidationError.field(['input', 'serviceId'], 'This service already has an open review');
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'OPEN_SERVICE_REVIEW',
    entityType: 'Service',
    entityId: service.id,
    detail: { reviewId: row.id, reasons: row.reasons },
  });
  await notify(tx, await providerStaff(tx, service.organisationId), {
    kind: 'SERVICE_REVIEW_OPENED',
    message: `The commissioners have opened a review of ${service.name}. You can respond in the portal.`,
    link: { path: reviewPath(service.id), reference: service.name },
  });
  return row;
}

async function openReviewOf(tx: Tx, reviewId: number, zoneId: number) {
  const [review] = await tx
    .select()
    .from(serviceReviews)
    .where(and(eq(serviceReviews.id, reviewId), eq(serviceReviews.zoneId, zoneId)))
    .for('update');
  if (!review) throw new NotFoundError('Review');
  return review;
}

export async function respondToReview(tx: Tx, actor: Viewer, input: { reviewId: number; response: string }) {
  if (actor.role !== 'PROVIDER') throw new ForbiddenError('Only the service’s provider responds to its review');
  const review = await openReviewOf(tx, input.reviewId, actor.zoneId);
  const [service] = await tx.select().from(services).where(eq(services.id, review.serviceId));
  // Another organisation must not learn of the review.
  if (service!.organisationId !== actor.organisationId) throw new NotFoundError('Review');
  if (review.decision) throw ValidationError.field(['input', 'reviewId'], 'This review has been decided');
  if (!input.response.trim()) throw ValidationError.field(['input', 'response'], 'Write your response');
  const [row] = await tx
    .update(serviceReviews)
    .set({ providerResponse: input.response.trim(), respondedById: actor.id, respondedAt: new Date() })
    .where(eq(serviceReviews.id, review.id))
    .returning();
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'RESPOND_SERVICE_REVIEW',
    entityType: 'Service',
    entityId: review.serviceId,
    detail: { reviewId: review.id },
  });
  await notify(tx, [review.openedById], {
    kind: 'SERVICE_REVIEW_RESPONSE',
    message: `${service!.name}'s provider has responded to its review`,
  });
  return row!;
}

export async function decideReview(
  tx: Tx,
  actor: Viewer,
  input: {
    reviewId: number;
    decision: ReviewDecision;
    evidence: string;
    conditions?: string | null;
    decommissionFrom?: string | null;
  },
  today: string,
) {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners decide a review');
  const review = await openReviewOf(tx, input.reviewId, actor.zoneId);
  if (review.decision) throw ValidationError.field(['input', 'reviewId'], 'This review has already been decided');
  if (!input.evidence.trim()) throw ValidationError.field(['input', 'evidence'], 'Give the evidence for the decision');
  const conditions = input.conditions?.trim() || null;
  if (input.decision === 'CONTINUE_WITH_CONDITIONS' && !conditions)
    throw ValidationError.field(['input', 'conditions'], 'State the conditions');
  const from = input.decision === 'DECOMMISSION' ? (input.decommissionFrom ?? null) : null;
  if (input.decision === 'DECOMMISSION' && (!from || from < today))
    throw ValidationError.field(
      ['input', 'decommissionFrom'],
      'Give the date it takes no new commissions from: today or later',
    );
  // A decision is about the service as reviewed now: a date years away (9999-12-31) is a slip, or a
  // decision to continue; the next review can decommission it then.
  const latest = addYears(today, DECOMMISSION_WITHIN_YEARS);
  if (from && from > latest)
    throw ValidationError.field(
      ['input', 'decommissionFrom'],
      `A decommission date can be at most ${DECOMMISSION_WITHIN_YEARS} years ahead (${longDate(latest)} at the latest)`,
    );
  const service = await serviceOf(tx, actor, review.serviceId);
  const snapshot = await outcomeSnapshot(tx, actor.zoneId, service.id);
  const [row] = await tx
    .update(serviceReviews)
    .set({
      decision: input.decision,
      conditions: input.decision === 'CONTINUE_WITH_CONDITIONS' ? conditions : null,
      decommissionFrom: from,
      evidence: input.evidence.trim(),
      outcomeSnapshot: snapshot,
      decidedById: actor.id,
      decidedAt: new Date(),
    })
    .where(eq(serviceReviews.id, review.id))
    .returning();
  if (from) await tx.update(services).set({ decommissionedFrom: from }).where(eq(services.id, service.id));
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'DECIDE_SERVICE_REVIEW',
    entityType: 'Service',
    entityId: service.id,
    detail: { reviewId: review.id, decision: input.decision, decommissionFrom: from, outcomeSnapshot: snapshot },
  });
  await notify(tx, await providerStaff(tx, service.organisationId), {
    kind: 'SERVICE_REVIEW_DECIDED',
    message: from // set only to decommission
      ? `${service.name} is decommissioned: it takes no new commissions from ${longDate(from)}; commissions under way finish`
      : input.decision === 'CONTINUE_WITH_CONDITIONS'
        ? `${service.name} continues, with conditions: see its review`
        : `${service.name} continues: its review is closed`,
    link: { path: reviewPath(service.id), reference: service.name },
  });
  return row!;
}

/** The service's figures when the decision is taken: commissions, spend and the SDQ outcomes (suppressed below 10). */
async function outcomeSnapshot(tx: Tx, zoneId: number, serviceId: number) {
  const [counts] = await tx
    .select({
      commissions: sql<number>`count(*)::int`,
      live: sql<number>`(count(*) filter (where ${inArray(commissions.status, ['REQUESTED', 'APPROVED', 'ACCEPTED'])}))::int`,
    })
    .from(commissions)
    .where(eq(commissions.serviceId, serviceId));
  const measure = await findMeasure(tx, zoneId, SNAPSHOT_MEASURE);
  const row = measure
    ? (await serviceOutcomes(tx as never, zoneId, measure, undefined, 'service', { onlyKey: serviceId }))[0]
    : undefined;
  return {
    at: new Date().toISOString(),
    commissions: counts?.commissions ?? 0,
    liveCommissions: counts?.live ?? 0,
    measure: SNAPSHOT_MEASURE,
    suppressed: row ? row.suppressed : true,
    children: row?.cohort?.children ?? null,
    reliablyImproved: row?.cohort?.improved ?? null,
    shareImproved: row?.cohort?.share ?? null,
    spendPence: row?.spendPence ?? null,
    costPerImprovedChildPence: row?.costPerImprovedChildPence ?? null,
  };
}
