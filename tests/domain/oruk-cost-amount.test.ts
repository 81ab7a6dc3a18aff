import { describe, expect, it } from 'vitest';
import { type ImportedService, readOrukRecord } from '../../schema/domain/openreferral/from-oruk';
import { generateFeed } from '../oruk/generate-feed';

// A cost amount too large for a listing (audit finding: 1e20 skipped the whole record with the
// database's "invalid input syntax for type integer") is left out when the record is read, and
// the record's notes say so in plain words, as for an amount below zero.

const withCost = (amount: number) => {
  const [record] = generateFeed(1, { brokenEvery: 1_000_000, prefix: 'cost-amount' }).services;
  return readOrukRecord({ ...record, cost_options: [{ id: crypto.randomUUID(), amount, option: 'Per session' }] })
    .service as ImportedService;
};

describe('a cost amount', () => {
  it('more than a listing holds goes in without its amount, noted', () => {
    const s = withCost(1e20);
    expect(s.costOptions).toMatchObject([{ amountPence: null, conditions: 'Per session' }]);
    expect(s.notes).toContain(
      'cost option 1: amount 100000000000000000000 is more than £100,000, the most a listing holds: imported with no amount',
    );
  });
});
