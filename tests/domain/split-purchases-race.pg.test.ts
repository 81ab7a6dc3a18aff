import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { commissions, zones } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { raiseCommission } from '../../schema/domain/commissions';
import { reconcile } from '../../schema/domain/reconcile';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { freeChildren, serviceId, viewerFor } from '../setup/money';

// Audit 65 A: with the zone counting a child's commissions for one service against the delegated
// limit, raises racing from many connections must still see each other. Reading the other
// commissions after reserving (whose budget row lock orders raises for one child) is what makes
// that so; read before it, several racing raises each saw none and all came out APPROVED.

let db: DbHandle;
let linkWorker: Viewer;
let therapy: number;
let kids: number[];

beforeAll(async () => {
  db = await freshDatabase();
  linkWorker = await viewerFor(db.db, 'linkworker@demo.test');
  therapy = await serviceId(db.db, 'Family therapy sessions'); // £45: 3 sessions are £135
  kids = (await freeChildren(db.db, 'linkworker@demo.test')).map((c) => c.id);
  await db.db
    .update(zones)
    .set({ delegatedLimitCountsSameService: true, delegatedLimitPence: 25_000 })
    .where(eq(zones.id, linkWorker.zoneId));
}, 120_000);
afterAll(() => db.close());

let n = 0;
const raise = (childId: number) =>
  inTransaction(db.db, (tx) =>
    raiseCommission(tx, linkWorker, {
      childId,
      serviceId: therapy,
      units: 3,
      rationale: 'Split purchase race test',
      idempotencyKey: `split-race-${++n}`,
    }),
  );

describe('racing raises for one child and service, counted together against the limit', () => {
  it('approve exactly one: the rest wait for a commissioner', async () => {
    expect(kids.length).toBeGreaterThanOrEqual(3);
    for (const childId of kids.slice(0, 3)) {
      const raised = await Promise.all([0, 1, 2, 3, 4, 5].map(() => raise(childId)));
      const rows = await db.db
        .select({ status: commissions.status })
        .from(commissions)
        .where(
          inArray(
            commissions.id,
            raised.map((r) => r.commissionId),
          ),
        );
      expect(rows.map((r) => r.status).sort(), `child ${childId}`).toEqual(['APPROVED', ...Array(5).fill('REQUESTED')]);
    }
    expect((await reconcile(db.db)).differences).toEqual([]);
  });
});
