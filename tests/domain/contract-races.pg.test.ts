import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { contracts, fundingPots, paymentLines } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { raiseCommission } from '../../schema/domain/commissions';
import { ContractFullError, createContract, signContract } from '../../schema/domain/contracts';
import { createPaymentRun, payableOn } from '../../schema/domain/payment-runs';
import { reconcile } from '../../schema/domain/reconcile';
import { rowsOf } from '../../schema/domain/rows';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';
import { freeChildren, serviceId, viewerFor } from '../setup/money';

// Races on one PostgreSQL from many connections:
// - raises under a contract racing for its last place: the conditional UPDATE on
//   contracts."placesUsed" (schema/domain/contracts.ts, drawPlaces) lets exactly one through;
// - two payment runs for the same date: the unique indexes on payment_lines (with ON CONFLICT DO
//   NOTHING in createPaymentRun) make every line payable once.
// Both checked by hand to fail without their lock (see the report).

let db: DbHandle;
let linkWorker: Viewer;
let commissioner: Viewer;
let therapy: number;
let kids: number[];
const NOW = new Date('2026-11-30T12:00:00Z');

const viewerOf = (email: string) => viewerFor(db.db, email);

beforeAll(async () => {
  db = await freshDatabase();
  linkWorker = await viewerOf('linkworker@demo.test');
  commissioner = await viewerOf('commissioner@demo.test');
  therapy = await serviceId(db.db, 'Family therapy sessions');
  kids = (await freeChildren(db.db, 'linkworker@demo.test')).map((c) => c.id);
}, 120_000);
afterAll(() => db.close());

describe('contract and payment races', () => {
  it('a dozen raises for the last place on a contract: exactly one draws it, the rest are ContractFullError', async () => {
    const [pot] = await db.db
      .insert(fundingPots)
      .values({
        zoneId: commissioner.zoneId,
        period: commissioner.period,
        name: 'Race pot',
        source: 'COUNCIL',
        totalPence: 1_000_000,
      })
      .returning();
    const contract = await inTransaction(db.db, async (tx) => {
      const c = await createContract(tx, commissioner, {
        serviceId: therapy,
        fundingPotId: pot!.id,
        places: 1,
        pricePerPlacePence: 50_000,
        startDate: '2026-11-01',
        endDate: '2027-03-31',
      });
      return signContract(tx, commissioner, c.id, NOW);
    });
    expect(kids.length).toBeGreaterThanOrEqual(6);
    const results = await Promise.allSettled(
      [...kids, ...kids].slice(0, 12).map((childId, i) =>
        inTransaction(db.db, (tx) =>
          raiseCommission(
            tx,
            linkWorker,
            {
              childId,
              serviceId: therapy,
              units: 1,
              rationale: 'Contract race test',
              idempotencyKey: `contract-race-${i}`,
              contractId: contract.id,
            },
            NOW,
          ),
        ),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(refused.every((r) => r.reason instanceof ContractFullError)).toBe(true);
    expect(refused).toHaveLength(11);
    expect((await db.db.select().from(contracts).where(eq(contracts.id, contract.id)))[0]!.placesUsed).toBe(1);
    expect((await reconcile(db.db)).differences).toEqual([]);
  });

  it('two payment runs for the same date at once: every payable line is paid by exactly one of them', async () => {
    // After the demo seed's months under contract have ended (its own run paid what was due then).
    const runDate = '2030-01-01';
    const expected = await inTransaction(db.db, (tx) => payableOn(tx, commissioner.zoneId, runDate));
    const [{ last }] = (await db.db
      .select({ last: sql<number>`coalesce(max(${paymentLines.id}), 0)::int` })
      .from(paymentLines)) as [{ last: number }];
    const payableBefore = rowsOf(
      await db.db.execute(sql`select count(*)::int as n from "ledger_entries" where "kind" = 'PAYABLE'`),
    )[0]!.n;
    expect(expected.length).toBeGreaterThan(0);
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => inTransaction(db.db, (tx) => createPaymentRun(tx, commissioner, runDate))),
    );
    expect(results.some((r) => r.status === 'fulfilled')).toBe(true);
    const lines = await db.db.select().from(paymentLines).where(sql`${paymentLines.id} > ${last}`);
    expect(lines).toHaveLength(expected.length);
    const ids = lines.map((l) => `${l.commissionId}-${l.contractId}-${l.month}`);
    expect(new Set(ids).size).toBe(lines.length);
    const payableAfter = rowsOf(
      await db.db.execute(sql`select count(*)::int as n from "ledger_entries" where "kind" = 'PAYABLE'`),
    )[0]!.n;
    expect(Number(payableAfter) - Number(payableBefore)).toBe(expected.length);
    expect((await reconcile(db.db)).differences).toEqual([]);
  });
});
