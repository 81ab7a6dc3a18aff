import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { commissions, services } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import { reconcile } from '../../schema/domain/reconcile';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { freeChildren, serviceId, viewerFor } from '../setup/money';

// Acceptances racing for a listing's last place, from many connections on one PostgreSQL.
// Proves the conditional UPDATE on services."placesTaken" in schema/domain/capacity.ts (movePlace):
// with it replaced by a read-then-write, several acceptances succeed (checked by hand; see the report).

let db: DbHandle;
let linkWorker: Viewer;
let provider: Viewer;
let therapy: number;
let kids: number[];

const viewerOf = (email: string) => viewerFor(db.db, email);

beforeAll(async () => {
  db = await freshDatabase();
  linkWorker = await viewerOf('linkworker@demo.test');
  provider = await viewerOf('provider@demo.test');
  therapy = await serviceId(db.db, 'Family therapy sessions');
  kids = (await freeChildren(db.db, 'linkworker@demo.test')).map((c) => c.id);
}, 120_000);
afterAll(() => db.close());

let n = 0;
/** An approved commission (2 units, under the delegated limit) for each of these children. */
const approved = (childIds: number[]) =>
  Promise.all(
    childIds.map(async (childId) => {
      const { commissionId } = await inTransaction(db.db, (tx) =>
        raiseCommission(tx, linkWorker, {
          childId,
          serviceId: therapy,
          units: 2,
          rationale: 'Capacity race test',
          idempotencyKey: `capacity-race-${++n}`,
        }),
      );
      return commissionId;
    }),
  );

const act = (action: 'accept' | 'complete', commissionId: number) =>
  inTransaction(db.db, (tx) => transitionCommission(tx, provider, action, { commissionId }));

const listing = async () => (await db.db.select().from(services).where(eq(services.id, therapy)))[0]!;
const accepted = () =>
  db.db.$count(commissions, and(eq(commissions.serviceId, therapy), eq(commissions.status, 'ACCEPTED')));

describe('acceptances racing for the last place on a listing', () => {
  it('a dozen parallel acceptances with one place left: exactly one wins, the rest are CapacityFullError', async () => {
    // Two commissions for each free child (each £90), a dozen or more in all.
    const ids = await approved([...kids, ...kids]);
    expect(ids.length).toBeGreaterThanOrEqual(12);
    const before = await listing();
    await db.db
      .update(services)
      .set({ capacity: before.placesTaken + 1 })
      .where(eq(services.id, therapy));

    const results = await Promise.allSettled(ids.map((id) => act('accept', id)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(refused.map((e) => e.name)).toEqual(Array(ids.length - 1).fill('CapacityFullError'));

    const after = await listing();
    expect(after.placesTaken).toBe(before.placesTaken + 1);
    expect(after.placesTaken).toBe(after.capacity);
    expect(after.placesTaken).toBe(await accepted());
    expect((await reconcile(db.db)).differences).toEqual([]);
  });

  it('a completion freeing the place while acceptances race: never more accepted than places', async () => {
    const holder = (await db.db.select().from(commissions).where(eq(commissions.status, 'ACCEPTED'))).find(
      (c) => c.serviceId === therapy,
    )!;
    const waiting = (
      await db.db
        .select({ id: commissions.id, status: commissions.status, serviceId: commissions.serviceId })
        .from(commissions)
    )
      .filter((c) => c.serviceId === therapy && c.status === 'APPROVED')
      .map((c) => c.id);
    expect(waiting.length).toBeGreaterThanOrEqual(5);
    const results = await Promise.allSettled([
      act('complete', holder.id),
      ...waiting.slice(0, 8).map((id) => act('accept', id)),
    ]);
    expect(results[0]!.status).toBe('fulfilled');
    const wins = results.slice(1).filter((r) => r.status === 'fulfilled').length;
    expect(wins).toBeLessThanOrEqual(1);
    const after = await listing();
    expect(after.placesTaken).toBeLessThanOrEqual(after.capacity!);
    expect(after.placesTaken).toBe(await accepted());
    expect((await reconcile(db.db)).differences).toEqual([]);
  });
});
