import { describe, expect, it } from 'vitest';
import {
  type CommissionAction,
  initialStatus,
  nextStatus,
  STATUSES,
  settlement,
  TRANSITIONS,
} from '../../schema/domain/commission-machine';

// PRODUCT.md section 4, written out longhand so the table in the code is checked against the brief.
const ALLOWED: Record<string, string> = {
  'REQUESTED approve': 'APPROVED',
  'REQUESTED reject': 'REJECTED',
  'REQUESTED cancel': 'CANCELLED',
  'APPROVED accept': 'ACCEPTED',
  'APPROVED decline': 'DECLINED',
  'APPROVED cancel': 'CANCELLED',
  'ACCEPTED recordDelivery': 'ACCEPTED',
  'ACCEPTED complete': 'COMPLETED',
  'APPROVED expire': 'EXPIRED',
};

describe('commission state machine', () => {
  for (const from of STATUSES) {
    for (const action of Object.keys(TRANSITIONS) as CommissionAction[]) {
      const expected = ALLOWED[`${from} ${action}`] ?? null;
      it(`${action} from ${from} → ${expected ?? 'refused'}`, () => {
        expect(nextStatus(from, action)).toBe(expected);
      });
    }
  }

  it('paused: cancelling ACCEPTED ends it (completed if any units were delivered); other moves as unpaused', () => {
    expect(nextStatus('ACCEPTED', 'cancel', { unitsDelivered: 2 })).toBe('COMPLETED');
    expect(nextStatus('ACCEPTED', 'cancel', { unitsDelivered: 0 })).toBe('CANCELLED');
    expect(nextStatus('APPROVED', 'cancel', { unitsDelivered: 0 })).toBe('CANCELLED');
    expect(nextStatus('COMPLETED', 'cancel', { unitsDelivered: 2 })).toBeNull();
    expect(nextStatus('ACCEPTED', 'cancel', null)).toBeNull();
  });

  it('auto-approves at or under the delegated limit', () => {
    expect(initialStatus(25000, 25000)).toBe('APPROVED');
    expect(initialStatus(25001, 25000)).toBe('REQUESTED');
  });

  it('settles: completion spends delivered units and releases the rest; refusals release it all', () => {
    const c = { amountPence: 36000, unitsDelivered: 3, unitPricePence: 4500 };
    expect(settlement('COMPLETED', c)).toEqual({ spend: 13500, release: 22500 });
    for (const to of ['REJECTED', 'DECLINED', 'CANCELLED', 'EXPIRED'] as const)
      expect(settlement(to, c)).toEqual({ spend: 0, release: 36000 });
    for (const to of ['APPROVED', 'ACCEPTED'] as const) expect(settlement(to, c)).toEqual({ spend: 0, release: 0 });
  });
});
