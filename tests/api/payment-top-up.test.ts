import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionEvents, contracts, paymentLines } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// A payment run dated ahead of a month's end (made, say, on 10 November and dated 1 December) pays
// November's places taken up so far. Places taken up later in November must not be lost because
// the month is already in a run: the next run pays them as a top-up line, from the next place on, and
// a third run finds nothing. Figures by hand: £400 a place, 2 places then 1 more.

let s: TestServer;
let kids: number[];
let therapy: number;
let lw: string;
let commissioner: string;
let provider: string;
let contractId: string;
let reference: string;

const RUN = `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) {
  __typename ... on Error { message }
  ... on CreatePaymentRunSuccess { paymentRun { id reference totalPence lines { reference kind month description amountPence } } } } }`;
type Line = { reference: string; kind: string; month: string; description: string; amountPence: number };

beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions');
  lw = await s.signIn('linkworker@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  provider = await s.signIn('provider@demo.test');
  const pot = await s.gql(
    `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
    { input: { name: 'Top-up pot', source: 'COUNCIL', totalPence: 1_000_000 } },
    commissioner,
  );
  const created = await s.gql(
    `mutation($input: CreateContractInput!) { createContract(input: $input) { ... on CreateContractSuccess { contract { id reference } } } }`,
    {
      input: {
        serviceId: globalId('Service', therapy),
        fundingPotId: pot.data.createFundingPot.fundingPot.id,
        places: 5,
        pricePerPlacePence: 40_000,
        startDate: '2026-11-01',
        endDate: '2027-03-31',
      },
    },
    commissioner,
  );
  ({ id: contractId, reference } = created.data.createContract.contract);
  await s.gql(
    `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
    { input: { contractId } },
    commissioner,
  );
});
afterAll(() => s.close());

/**
 * Raises `units` places under the contract for a child and has the provider accept them now (the
 * database clock; events are append-only); returns the acceptance's month and when it is due.
 */
async function takeUp(child: number, units: number) {
  const raised = await s.gql(
    raiseMutation,
    {
      input: {
        childId: globalId('Child', kids[child]!),
        serviceId: globalId('Service', therapy),
        units,
        rationale: 'Agreed at the family review.',
        idempotencyKey: `top-up-${child}`,
        contractId,
      },
    },
    lw,
  );
  const id = raised.data.raiseCommission.commission.id;
  const accepted = await s.gql(transitionMutation('acceptCommission'), { input: { commissionId: id } }, provider);
  expect(accepted.data.acceptCommission.commission.status).toBe('ACCEPTED');
  const [when] = await s.db
    .select({
      month: sql<string>`to_char(${commissionEvents.at} at time zone 'Europe/London', 'YYYY-MM')`,
      due: sql<string>`(date_trunc('month', ${commissionEvents.at} at time zone 'Europe/London') + interval '1 month')::date::text`,
    })
    .from(commissionEvents)
    .where(and(eq(commissionEvents.commissionId, localId(id)), eq(commissionEvents.toStatus, 'ACCEPTED')));
  return when!;
}

const run = async (runDate: string) => (await s.gql(RUN, { input: { runDate } }, commissioner)).data.createPaymentRun;
const mine = (lines: Line[]) => lines.filter((l) => l.reference === reference);
const clean = async () => expect((await reconcile(s.db)).differences).toEqual([]);

describe('contract instalments paid by a run dated ahead of the month’s end', () => {
  it('a later run pays only the places taken up since, as a top-up; a third run pays nothing', async () => {
    const { month, due } = await takeUp(0, 2);
    // Dated the first of next month, made today: this month's places so far.
    const first = await run(due);
    expect(mine(first.paymentRun.lines)).toEqual([
      {
        reference,
        kind: 'CONTRACT_INSTALMENT',
        month,
        description: `${reference} ${month}: 2 places taken up`,
        amountPence: 80_000,
      },
    ]);
    await clean();

    // Later in the month a third place is taken up: the month is already in a run, yet it is owed.
    expect((await takeUp(1, 1)).month).toBe(month); // (the same month unless run across midnight at its end)
    const second = await run(due);
    expect(second.__typename).toBe('CreatePaymentRunSuccess');
    expect(second.paymentRun.lines).toEqual([
      {
        reference,
        kind: 'CONTRACT_INSTALMENT',
        month,
        description: `${reference} ${month}: top-up, place 3 taken up after an earlier run`,
        amountPence: 40_000,
      },
    ]);
    expect(second.paymentRun.totalPence).toBe(40_000);
    const lines = await s.db
      .select({ firstPlace: paymentLines.firstPlace, places: paymentLines.places, amount: paymentLines.amountPence })
      .from(paymentLines)
      .where(eq(paymentLines.contractId, localId(contractId)))
      .orderBy(paymentLines.id);
    expect(lines).toEqual([
      { firstPlace: 1, places: 2, amount: 80_000 },
      { firstPlace: 3, places: 1, amount: 40_000 },
    ]);
    await clean();

    const third = await run(due);
    expect(third).toMatchObject({ __typename: 'ValidationError' });
    const [row] = await s.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, localId(contractId)));
    expect(row!.placesUsed).toBe(3); // 3 places x £400 = £1,200 paid in all, each place once
    await clean();

    // The finance CSV shows the top-up as its own instalment row for November, saying what it pays.
    const csv = await fetch(`${s.url}/exports/payment-runs/${localId(second.paymentRun.id)}.csv`, {
      headers: { authorization: `Bearer ${commissioner}` },
    });
    expect(csv.status).toBe(200);
    expect((await csv.text()).split('\n').slice(1).filter(Boolean)).toEqual([
      `Riverside Family Therapy,${second.paymentRun.reference}/1,EH-LA-01,5220,400.00,N,COUNCIL,${reference},${month},"${reference} ${month}: top-up, place 3 taken up after an earlier run",${second.paymentRun.reference},${due},`,
    ]);
  });

  it('reconcile finds a top-up that overlaps the places before it (changed behind the append-only guard)', async () => {
    const [topUp] = await s.db
      .select()
      .from(paymentLines)
      .where(and(eq(paymentLines.contractId, localId(contractId)), eq(paymentLines.firstPlace, 3)));
    const behindTheGuard = async (firstPlace: number) => {
      await s.db.execute(sql`alter table payment_lines disable trigger payment_lines_append_only`);
      await s.db.update(paymentLines).set({ firstPlace }).where(eq(paymentLines.id, topUp!.id));
      await s.db.execute(sql`alter table payment_lines enable trigger payment_lines_append_only`);
    };
    await behindTheGuard(2);
    expect((await reconcile(s.db)).differences).toEqual([
      { kind: 'payment line', id: topUp!.id, field: 'firstPlace', stored: 2, ledger: 3 },
    ]);
    await behindTheGuard(3);
    await clean();
  });
});
