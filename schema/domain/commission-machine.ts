import { commissionStatusEnum } from '../../drizzle/schema';

// The commission lifecycle of PRODUCT.md section 4, as data: which action moves which
// state where, and who may take it. No database access, so it can be tested exhaustively.

export type CommissionStatusValue = (typeof commissionStatusEnum.enumValues)[number];

export type CommissionAction =
  | 'approve'
  | 'reject'
  | 'accept'
  | 'decline'
  | 'recordDelivery'
  | 'complete'
  | 'cancel'
  | 'expire';

export type Actor = 'COMMISSIONER' | 'PROVIDER' | 'LINK_WORKER';

type Transition = { from: CommissionStatusValue[]; to: CommissionStatusValue; by: Actor[] };

export const TRANSITIONS: Record<CommissionAction, Transition> = {
  approve: { from: ['REQUESTED'], to: 'APPROVED', by: ['COMMISSIONER'] },
  reject: { from: ['REQUESTED'], to: 'REJECTED', by: ['COMMISSIONER'] },
  accept: { from: ['APPROVED'], to: 'ACCEPTED', by: ['PROVIDER'] },
  decline: { from: ['APPROVED'], to: 'DECLINED', by: ['PROVIDER'] },
  recordDelivery: { from: ['ACCEPTED'], to: 'ACCEPTED', by: ['PROVIDER'] },
  complete: { from: ['ACCEPTED'], to: 'COMPLETED', by: ['PROVIDER'] },
  cancel: { from: ['REQUESTED', 'APPROVED'], to: 'CANCELLED', by: ['LINK_WORKER', 'COMMISSIONER'] },
  // Nobody's action: the deadlines job lapses a commission the provider did not answer in time.
  expire: { from: ['APPROVED'], to: 'EXPIRED', by: [] },
};

/**
 * A commission is paused (its `pausedAt` set, status unchanged) while the family's consent is
 * withdrawn: the reservation and any place stay held, the deadlines clock does not lapse it, and
 * only these actions remain possible. Recording consent again resumes it where it was.
 */
export const ALLOWED_WHILE_PAUSED: readonly CommissionAction[] = ['cancel'];

/** Statuses a withdrawal pauses: still open for the provider or the commissioner. */
export const PAUSABLE: readonly CommissionStatusValue[] = ['REQUESTED', 'APPROVED', 'ACCEPTED'];

export const STATUSES: readonly CommissionStatusValue[] = commissionStatusEnum.enumValues;

/**
 * The status after the action, or null when the action is not allowed from this status. `paused`
 * (the commission's pausedAt is set) adds one move: cancelling a paused ACCEPTED commission ends it
 * (otherwise only its provider, who may not act while paused, could, and the child could never
 * leave). Units delivered are settled as a completion with fewer units, since COMPLETED is what
 * payment runs and reconcile count as spend; with none delivered it is a plain cancel. Either way a
 * contract place it took up stays used and paid (contract-places.ts freePlaces). Unpaused, ACCEPTED
 * still cannot be cancelled.
 */
export function nextStatus(
  from: CommissionStatusValue,
  action: CommissionAction,
  paused?: { unitsDelivered: number } | null,
): CommissionStatusValue | null {
  const t = TRANSITIONS[action];
  if (t.from.includes(from)) return t.to;
  if (paused && action === 'cancel' && from === 'ACCEPTED')
    return paused.unitsDelivered > 0 ? 'COMPLETED' : 'CANCELLED';
  return null;
}

/** Raised commissions at or under the delegated limit skip the approval queue. */
export const initialStatus = (amountPence: number, delegatedLimitPence: number): CommissionStatusValue =>
  amountPence <= delegatedLimitPence ? 'APPROVED' : 'REQUESTED';

/** What happens to the reservation when a commission reaches this status. */
export function settlement(
  to: CommissionStatusValue,
  c: { amountPence: number; unitsDelivered: number; unitPricePence: number },
): { spend: number; release: number } {
  if (to === 'COMPLETED') {
    const spend = c.unitsDelivered * c.unitPricePence;
    return { spend, release: c.amountPence - spend };
  }
  if (to === 'REJECTED' || to === 'DECLINED' || to === 'CANCELLED' || to === 'EXPIRED')
    return { spend: 0, release: c.amountPence };
  return { spend: 0, release: 0 };
}

/** Statuses that hold one of the listing's places: accepting takes it, leaving ACCEPTED frees it. */
export const HOLDS_PLACE: readonly CommissionStatusValue[] = ['ACCEPTED'];

/** +1 when a move takes a place on the listing, -1 when it frees one, 0 otherwise. */
export const placeChange = (from: CommissionStatusValue, to: CommissionStatusValue): -1 | 0 | 1 =>
  ((HOLDS_PLACE.includes(to) ? 1 : 0) - (HOLDS_PLACE.includes(from) ? 1 : 0)) as -1 | 0 | 1;
