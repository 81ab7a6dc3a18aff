import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { emailOutbox, localOfferDigests, users } from '../../drizzle/schema';
import { sendLocalOfferDigests } from '../../schema/domain/local-offer-send';
import { freshDatabase } from '../setup/database';

// Two processes run the local-offer job at once for the same month: the unique (scope, period)
// of local_offer_digests, with ON CONFLICT DO NOTHING in the same transaction as the emails, lets
// one of them send each digest. Checked by hand to fail without it (see the report): with the
// constraint dropped both runs send.

let db: DbHandle;
let zoneId: number;
const NOW = new Date('2027-02-10T09:00:00Z');

beforeAll(async () => {
  db = await freshDatabase();
  zoneId = (await db.db.select().from(users).where(eq(users.email, 'districtlead@demo.test')))[0]!.zoneId;
}, 120_000);
afterAll(() => db.close());

describe('the scheduled local offer, raced', () => {
  it('four runs at once for February: each digest and each email exactly once', async () => {
    const results = await Promise.all([1, 2, 3, 4].map(() => sendLocalOfferDigests(db.db, { now: NOW, zoneId })));
    const records = await db.db.select().from(localOfferDigests).where(eq(localOfferDigests.period, '2027-02'));
    // Catford (its district lead) and Rushey Green (its school lead) have someone to send to.
    expect(records.map((r) => r.scope).sort()).toHaveLength(2);
    expect(results.reduce((n, r) => n + r.digests, 0)).toBe(2);
    const mails = await db.db
      .select({ to: emailOutbox.toAddress, n: sql<number>`count(*)::int` })
      .from(emailOutbox)
      .where(eq(emailOutbox.kind, 'LOCAL_OFFER'))
      .groupBy(emailOutbox.toAddress);
    expect(mails.sort((a, b) => a.to.localeCompare(b.to))).toEqual([
      { to: 'districtlead@demo.test', n: 1 },
      { to: 'schoollead@demo.test', n: 1 },
    ]);
  });
});
