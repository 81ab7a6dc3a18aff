import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionEvents, contracts, paymentLines } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { rowsOf } from '../../schema/domain/rows';
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
 * database clock; events are append-only); returns the acceptance's month, when it is due, and the commission.
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
  return { ...when!, id: id as string };
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

// Audit 66: a place taken up is bought. Its commission cancelled afterwards (paused by withdrawn
// consent, then cancelled) used to give the place back to the block; another child took it and a
// later run paid it again: £720 for a contract of 1 place at £360.
describe('a place taken up, paid, then cancelled', () => {
  let one: string;
  let oneRef: string;
  const raiseUnder = async (child: number, extra: Record<string, unknown> = {}) =>
    (
      await s.gql(
        raiseMutation,
        {
          input: {
            childId: globalId('Child', kids[child]!),
            serviceId: globalId('Service', therapy),
            units: 1,
            rationale: 'Agreed at the family review.',
            idempotencyKey: `paid-place-${child}-${extra.stretch ? 'stretch' : 'block'}`,
            contractId: one,
            ...extra,
          },
        },
        lw,
      )
    ).data.raiseCommission;
  const onePlace = (lines: Line[]) => lines.filter((l) => l.reference === oneRef);

  it('keeps its place: a second child cannot take it (only as stretch), and no run pays it twice', async () => {
    const pot = await s.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { input: { name: 'One-place pot', source: 'COUNCIL', totalPence: 36_000 } },
      commissioner,
    );
    const created = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) { ... on CreateContractSuccess { contract { id reference } } } }`,
      {
        input: {
          serviceId: globalId('Service', therapy),
          fundingPotId: pot.data.createFundingPot.fundingPot.id,
          places: 1,
          pricePerPlacePence: 36_000,
          startDate: '2026-11-01',
          endDate: '2027-03-31',
        },
      },
      commissioner,
    );
    ({ id: one, reference: oneRef } = created.data.createContract.contract);
    await s.gql(
      `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
      { input: { contractId: one } },
      commissioner,
    );
    const raised = await raiseUnder(2);
    expect(raised).toMatchObject({ __typename: 'RaiseCommissionSuccess', commission: { status: 'APPROVED' } });
    const first = raised.commission;
    await s.gql(transitionMutation('acceptCommission'), { input: { commissionId: first.id } }, provider);
    // Taken up last month (the acceptance moved back behind the append-only guard), so its month is
    // paid by a run dated the first of this one, and a place taken up now falls in a later month.
    await s.db.execute(sql`alter table commission_events disable trigger commission_events_append_only`);
    await s.db.execute(sql`update commission_events set "at" = date_trunc('month', now()) - interval '10 days'
      where "commissionId" = ${localId(first.id)} and "toStatus" = 'ACCEPTED'`);
    await s.db.execute(sql`alter table commission_events enable trigger commission_events_append_only`);
    const [when] = rowsOf(
      await s.db.execute(sql`select to_char(date_trunc('month', now()) - interval '10 days', 'YYYY-MM') as "month",
        date_trunc('month', now())::date::text as "thisMonth",
        (date_trunc('month', now()) + interval '1 month')::date::text as "nextMonth"`),
    ) as [{ month: string; thisMonth: string; nextMonth: string }];
    const paidRun = await run(when.thisMonth);
    expect(onePlace(paidRun.paymentRun.lines)).toEqual([
      {
        reference: oneRef,
        kind: 'CONTRACT_INSTALMENT',
        month: when.month,
        description: `${oneRef} ${when.month}: 1 place taken up`,
        amountPence: 36_000,
      },
    ]);
    const paid = await s.gql(
      `mutation($input: MarkPaymentRunPaidInput!) { markPaymentRunPaid(input: $input) { __typename } }`,
      { input: { paymentRunId: paidRun.paymentRun.id, financeReference: 'FIN-66-B' } },
      commissioner,
    );
    expect(paid.data.markPaymentRunPaid.__typename).toBe('MarkPaymentRunPaidSuccess');

    const withdrawn = await s.gql(
      `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { __typename } }`,
      { input: { childId: globalId('Child', kids[2]!), withdrawnOn: '2026-11-30', reason: 'Family refused' } },
      lw,
    );
    expect(withdrawn.data.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
    const cancelled = await s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: first.id, reason: 'Family withdrew consent' } },
      lw,
    );
    expect(cancelled.data.cancelCommission.commission.status).toBe('CANCELLED');
    const [row] = await s.db
      .select()
      .from(contracts)
      .where(eq(contracts.id, localId(one)));
    expect(row!.placesUsed).toBe(1);
    await clean();

    // The block is full: a second child gets no place under it, only a stretch place (from their budget).
    const block = await raiseUnder(3);
    expect(block).toMatchObject({
      __typename: 'ContractFullError',
      message: expect.stringMatching(/^Every place on this contract is taken\./),
    });
    const stretch = await raiseUnder(3, { stretch: true });
    expect(stretch.commission).toMatchObject({ status: 'REQUESTED', unitPricePence: 36_000 });
    // The provider takes the second child on (whatever they were given: the fix gives stretch only).
    for (const raisedNow of [block, stretch].filter((r) => r.__typename === 'RaiseCommissionSuccess')) {
      const id = raisedNow.commission.id;
      if (raisedNow.commission.status === 'REQUESTED')
        await s.gql(transitionMutation('approveCommission'), { input: { commissionId: id } }, commissioner);
      const taken = await s.gql(transitionMutation('acceptCommission'), { input: { commissionId: id } }, provider);
      expect(taken.data.acceptCommission.commission.status).toBe('ACCEPTED');
    }
    // Nothing more is owed on the contract: the paid month keeps its place, no later one has any
    // (a stretch place is paid from the child's budget when delivered, not as an instalment).
    const later = await run(when.nextMonth);
    expect(onePlace(later.paymentRun?.lines ?? [])).toEqual([]);
    await clean();
  });
});

// Audit 66: a month already in a run keeps the places it paid. A place taken up, paid by a run
// dated ahead, then cancelled used to drop out of its month's count, so a place taken up after it
// in the same month looked already paid and was never paid.
describe('a month already paid, one of its places cancelled since', () => {
  it('still counts that place: a place taken up later that month is paid as a top-up', async () => {
    const { month, due, id } = await takeUp(4, 1);
    const paid = await run(due);
    expect(mine(paid.paymentRun.lines).map((l) => l.description)).toEqual([
      `${reference} ${month}: top-up, place 4 taken up after an earlier run`,
    ]);
    const withdrawn = await s.gql(
      `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { __typename } }`,
      { input: { childId: globalId('Child', kids[4]!), withdrawnOn: '2026-11-30', reason: 'Family refused' } },
      lw,
    );
    expect(withdrawn.data.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
    const cancelled = await s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: id, reason: 'Family withdrew consent' } },
      lw,
    );
    expect(cancelled.data.cancelCommission.commission.status).toBe('CANCELLED');

    expect((await takeUp(5, 1)).month).toBe(month);
    const later = await run(due);
    expect(later.__typename).toBe('CreatePaymentRunSuccess');
    expect(mine(later.paymentRun.lines)).toEqual([
      {
        reference,
        kind: 'CONTRACT_INSTALMENT',
        month,
        description: `${reference} ${month}: top-up, place 5 taken up after an earlier run`,
        amountPence: 40_000,
      },
    ]);
    await clean();
  });
});
