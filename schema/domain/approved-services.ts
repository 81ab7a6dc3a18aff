import { and, eq } from 'drizzle-orm';
import { approvedServices, services } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { initialStatus } from './commission-machine';
import { ForbiddenError, formatPence, NotFoundError, ValidationError } from './errors';
import RATINGS from './evidence-ratings.json';
import { longDate } from './long-date';
import type { Tx } from './transaction';
import { addYears, londonDate } from './working-days';

// Approved programmes (issue 12, point 5): each zone's commissioners keep the list of services it
// buys from, each with an evidence rating, an approval date and a review date. Once a zone keeps a
// list, a commission for a service not on it always waits for a commissioner, whatever its amount.

export const EVIDENCE_RATINGS = RATINGS.ratings;
const CODES = new Set(EVIDENCE_RATINGS.map((r) => r.code));
// An approval takes effect from its date, so it is never dated ahead of today (London); the floor
// and the review horizon only catch mistyped years (1901, 9999), not real history.
const EARLIEST_APPROVAL = '2000-01-01';
const REVIEW_WITHIN_YEARS = 10;

export type ApproveInput = {
  serviceId: number;
  evidenceRating: string;
  approvedOn: string;
  reviewOn: string;
  note: string;
};

/** Adds a service to the zone's approved list, or changes its rating and dates (one row per service). */
export async function approveService(tx: Tx, actor: Viewer, input: ApproveInput, now: Date = new Date()) {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners keep the approved services');
  if (!CODES.has(input.evidenceRating))
    throw ValidationError.field(['input', 'evidenceRating'], 'Choose an evidence rating from the list');
  checkDates(input, londonDate(now));
  const [service] = await tx
    .select({ id: services.id, status: services.status })
    .from(services)
    .where(and(eq(services.id, input.serviceId), eq(services.zoneId, actor.zoneId)));
  if (!service || service.status === 'DRAFT') throw new NotFoundError('Service');
  const values = { ...input, zoneId: actor.zoneId, approvedById: actor.id, updatedAt: new Date() };
  const [row] = await tx
    .insert(approvedServices)
    .values(values)
    .onConflictDoUpdate({ target: [approvedServices.zoneId, approvedServices.serviceId], set: values })
    .returning();
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'APPROVE_SERVICE',
    entityType: 'Service',
    entityId: service.id,
    detail: { evidenceRating: input.evidenceRating, approvedOn: input.approvedOn, reviewOn: input.reviewOn },
  });
  return row!;
}

/** Approved today or earlier, from 2000; reviewed after that and within 10 years of it. */
function checkDates({ approvedOn, reviewOn }: { approvedOn: string; reviewOn: string }, today: string) {
  if (approvedOn > today)
    throw ValidationError.field(
      ['input', 'approvedOn'],
      `An approval counts from its date, so it cannot be in the future: enter today (${longDate(today)}) or an earlier date`,
    );
  if (approvedOn < EARLIEST_APPROVAL)
    throw ValidationError.field(
      ['input', 'approvedOn'],
      `Enter an approval date on or after ${longDate(EARLIEST_APPROVAL)}: check the year`,
    );
  if (reviewOn <= approvedOn)
    throw ValidationError.field(['input', 'reviewOn'], 'The review date must be after the approval date');
  const latest = addYears(approvedOn, REVIEW_WITHIN_YEARS);
  if (reviewOn > latest)
    throw ValidationError.field(
      ['input', 'reviewOn'],
      `Set a review date within ${REVIEW_WITHIN_YEARS} years of the approval date, by ${longDate(latest)} at the latest`,
    );
}

/** Takes a service off the zone's approved list; its commissions then need approval again. */
export async function withdrawApproval(tx: Tx, actor: Viewer, serviceId: number): Promise<{ serviceId: number }> {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners keep the approved services');
  const [gone] = await tx
    .delete(approvedServices)
    .where(and(eq(approvedServices.zoneId, actor.zoneId), eq(approvedServices.serviceId, serviceId)))
    .returning();
  if (!gone) throw new NotFoundError('Approved service');
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'WITHDRAW_SERVICE_APPROVAL',
    entityType: 'Service',
    entityId: serviceId,
    detail: { evidenceRating: gone.evidenceRating, approvedOn: gone.approvedOn, reviewOn: gone.reviewOn },
  });
  return { serviceId };
}

/**
 * Why a new commission must wait for a commissioner, or null when it is approved at once: a service
 * not on a zone's approved list (when the zone keeps one) always waits; otherwise the delegated limit.
 */
export function approvalReason(
  amountPence: number,
  delegatedLimitPence: number,
  list: { keepsList: boolean; approved: boolean },
): string | null {
  if (list.keepsList && !list.approved)
    return 'This service is not on the zone’s approved list: a commissioner approves it whatever its amount';
  if (initialStatus(amountPence, delegatedLimitPence) === 'REQUESTED')
    return `Over the delegated limit of ${formatPence(delegatedLimitPence)}`;
  return null;
}
