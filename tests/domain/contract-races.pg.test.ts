import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { contracts, fundingPots, paymentLines } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import { ContractFullError } from '../../schema/domain/contract-places';
import { createContract, signContract } from '../../schema/domain/contracts';
import { creditPots } from '../../schema/domain/funding-pots';
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
//   NOTHING in createPaymentRun) make every line payable once, a month's top-up line included
//   (keyed by its first place).
// Both checked by hand to fail without their lock (see the report).

let db: DbHandle;
let linkWorker: Viewer;
let commissioner: Viewer;
let provider: Viewer;
let therapy: number;
let kids: number[];
const NOW = new Date('2026-11-30T12:00:00Z');

const viewerOf = (email: string) => viewerFor(db.db, email);

beforeAll(async () => {
  db = await freshDatabase();
  linkWorker = await viewerOf('linkworker@demo.test');
  commissioner = await viewerOf('commissioner@demo.test');
  provider = await viewerOf('provider@demo.test');
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
    await inTransaction(db.db, (tx) => creditPots(tx, commissioner.zoneId, null, [pot!], 'Pot created'));
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
    // The latest date a run may have, the first of next month: this month's places under contract
    // are due then (the demo seed's own run, dated today, paid the months before).
    const [{ runDate }] = rowsOf(
      await db.db.execute(sql`select to_char(date_trunc('month', now() at time zone 'Europe/London')
        + interval '1 month', 'YYYY-MM-DD') as "runDate"`),
    ) as [{ runDate: string }];
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

  it('three runs at once after places were taken up since an earlier run: one top-up, each place paid once', async () => {
    const contract = await signed(5, 30_000);
    await takeUp(contract.id, 0, 2);
    const due = await dueOf(contract.id);
    // A run dated ahead of this month's end pays its 2 places so far.
    await inTransaction(db.db, (tx) => createPaymentRun(tx, commissioner, due));
    await takeUp(contract.id, 1, 1);
    await takeUp(contract.id, 2, 2);
    const results = await Promise.allSettled(
      [0, 1, 2].map(() => inTransaction(db.db, (tx) => createPaymentRun(tx, commissioner, due))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const lines = await db.db
      .select({ firstPlace: paymentLines.firstPlace, places: paymentLines.places, amount: paymentLines.amountPence })
      .from(paymentLines)
      .where(eq(paymentLines.contractId, contract.id))
      .orderBy(paymentLines.id);
    expect(lines).toEqual([
      { firstPlace: 1, places: 2, amount: 60_000 },
      { firstPlace: 3, places: 3, amount: 90_000 },
    ]);
    expect((await reconcile(db.db)).differences).toEqual([]);
  });
});

async function signed(places: number, pricePerPlacePence: number) {
  const [pot] = await db.db
    .insert(fundingPots)
    .values({
      zoneId: commissioner.zoneId,
      period: commissioner.period,
      name: 'Top-up race pot',
      source: 'COUNCIL',
      totalPence: 1_000_000,
    })
    .returning();
  await inTransaction(db.db, (tx) => creditPots(tx, commissioner.zoneId, null, [pot!], 'Pot created'));
  return inTransaction(db.db, async (tx) => {
    const c = await createContract(tx, commissioner, {
      serviceId: therapy,
      fundingPotId: pot!.id,
      places,
      pricePerPlacePence,
      startDate: '2026-11-01',
      endDate: '2027-03-31',
    });
    return signContract(tx, commissioner, c.id, NOW);
  });
}

/** `units` places under the contract for kids[child], accepted by the provider now (the database clock). */
async function takeUp(contractId: number, child: number, units: number) {
  const input = { childId: kids[child]!, serviceId: therapy, units, rationale: 'Top-up race test', contractId };
  const { commissionId } = await inTransaction(db.db, (tx) =>
    raiseCommission(tx, linkWorker, { ...input, idempotencyKey: `top-up-race-${contractId}-${child}` }, NOW),
  );
  await inTransaction(db.db, (tx) => transitionCommission(tx, provider, 'accept', { commissionId }));
}

/** The first day after the month the contract's places were accepted in. */
async function dueOf(contractId: number) {
  const [row] = rowsOf(
    await db.db.execute(sql`select max((date_trunc('month', e."at" at time zone 'Europe/London') + interval '1 month')::date)::text as "due"
      from "commission_events" e join "commissions" c on c."id" = e."commissionId"
      where c."contractId" = ${contractId} and e."toStatus" = 'ACCEPTED'`),
  );
  return String(row!.due);
}
