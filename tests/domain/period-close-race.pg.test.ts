import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { ledgerEntries, periodCloses, zones } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { ValidationError } from '../../schema/domain/errors';
import { closePeriod } from '../../schema/domain/period-close';
import { reconcile } from '../../schema/domain/reconcile';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { viewerFor } from '../setup/money';

// Two commissioners close the same period at once, on PostgreSQL from separate connections. The
// zone row is locked first (FOR UPDATE in schema/domain/period-close.ts, plan()), so the second
// close waits, then finds the period closed: a typed ValidationError, and the money moves once.
// Checked by hand to fail without that lock (the second then dies on the period_closes unique
// constraint with a raw database error instead of the typed refusal).

let db: DbHandle;
let commissioner: Viewer;

beforeAll(async () => {
  db = await freshDatabase();
  commissioner = await viewerFor(db.db, 'commissioner@other.test');
}, 120_000);
afterAll(() => db.close());

describe('closing a period twice at once', () => {
  it('exactly one close happens; the other is refused as already closed, and reconcile passes', async () => {
    const results = await Promise.allSettled(
      [0, 1, 2, 3].map(() => inTransaction(db.db, (tx) => closePeriod(tx, commissioner, '2026-27'))),
    );
    const done = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r) => r.status === 'rejected') as PromiseRejectedResult[];
    expect(done).toHaveLength(1);
    expect(refused).toHaveLength(3);
    for (const r of refused) {
      expect(r.reason).toBeInstanceOf(ValidationError);
      expect(r.reason.message).toBe('The budget period 2026-27 is closed');
    }
    expect(await db.db.$count(periodCloses, eq(periodCloses.zoneId, commissioner.zoneId))).toBe(1);
    // The zone's three children each had £900 unspent: returned once (the zone's default policy).
    const returned = await db.db
      .select({
        n: sql<number>`count(*)::int`,
        total: sql<number>`coalesce(sum(${ledgerEntries.amountPence}), 0)::int`,
      })
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.zoneId} = ${commissioner.zoneId} and ${ledgerEntries.kind}::text = 'RETURN'`);
    expect(returned[0]).toEqual({ n: 3, total: 270_000 });
    expect((await db.db.select().from(zones).where(eq(zones.id, commissioner.zoneId)))[0]!.currentPeriod).toBe(
      '2027-28',
    );
    expect((await reconcile(db.db)).differences).toEqual([]);
  });
});
