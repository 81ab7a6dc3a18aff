import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { longDate } from '../../schema/domain/long-date';
import { reconcile } from '../../schema/domain/reconcile';
import { londonDate } from '../../schema/domain/working-days';
import { freeChildren, raiseMutation, serviceId, snapshot, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// Ending a contract: not before it starts, nor before a place it holds was drawn down or taken up
// (places are paid by the month they are taken up); once ended, raising under it says so, and its
// pending stretch places can be rejected but no longer approved.

let s: TestServer;
let kids: number[];
let therapy: number;
let lw: string;
let commissioner: string;
let provider: string;
let contractId: string;
let reference: string;
beforeAll(async () => {
  s = await startServer();
  kids = (await freeChildren(s.db, 'linkworker@demo.test')).map((c) => c.id);
  therapy = await serviceId(s.db, 'Family therapy sessions');
  lw = await s.signIn('linkworker@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  provider = await s.signIn('provider@demo.test');
});
afterAll(() => s.close());

const start = londonDate(TEST_NOW);
// Commissions are stamped by the database's clock, the test server's by TEST_NOW.
const placeDay = londonDate(new Date());
const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const END = `mutation($input: EndContractInput!) { endContract(input: $input) { ${RESULT}
  ... on EndContractSuccess { contract { status endedOn placesUsed releasedPence } } } }`;
const refusal = (path: string[], message: string) => ({
  __typename: 'ValidationError',
  message,
  fieldErrors: [{ path, message }],
});

let key = 0;
const raise = (child: number, extra: Record<string, unknown> = {}) =>
  s
    .gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', kids[child]!),
          serviceId: globalId('Service', therapy),
          units: 1,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `contract-ending-${++key}`,
          contractId,
          ...extra,
        },
      },
      lw,
    )
    .then((r) => r.data.raiseCommission);

describe('ending a contract', () => {
  let stretchId: string;
  it('is refused before the start or before a place it holds was taken', async () => {
    const pot = await s.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) {
        ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { input: { name: 'Ending pot', source: 'COUNCIL', totalPence: 100_000 } },
      commissioner,
    );
    const made = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) {
        ... on CreateContractSuccess { contract { id reference } } } }`,
      {
        input: {
          serviceId: globalId('Service', therapy),
          fundingPotId: pot.data.createFundingPot.fundingPot.id,
          places: 1,
          pricePerPlacePence: 10_000,
          startDate: start,
          endDate: '2028-11-30',
        },
      },
      commissioner,
    );
    ({ id: contractId, reference } = made.data.createContract.contract);
    await s.gql(
      `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
      {
        input: { contractId },
      },
      commissioner,
    );
    const placed = await raise(0);
    expect(placed.commission.status).toBe('APPROVED');
    const accepted = await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: placed.commission.id } },
      provider,
    );
    expect(accepted.data.acceptCommission.commission.status).toBe('ACCEPTED');
    const stretch = await raise(1, { stretch: true });
    expect(stretch.commission.status).toBe('REQUESTED');
    stretchId = stretch.commission.id;

    const before = await snapshot(s.db);
    expect((await s.gql(END, { input: { contractId, endedOn: '2026-11-15' } }, commissioner)).data.endContract).toEqual(
      refusal(['input', 'endedOn'], `The contract starts on ${longDate(start)}: end it on or after then`),
    );
    if (placeDay > start)
      expect((await s.gql(END, { input: { contractId, endedOn: start } }, commissioner)).data.endContract).toEqual(
        refusal(
          ['input', 'endedOn'],
          `A place under this contract was taken on ${longDate(placeDay)}: end it on that day or later`,
        ),
      );
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('on or after its last place: raising says it ended; a pending stretch place is rejected, not approved', async () => {
    const ended = (await s.gql(END, { input: { contractId, endedOn: placeDay } }, commissioner)).data.endContract;
    expect(ended.contract).toEqual({ status: 'ENDED', endedOn: placeDay, placesUsed: 1, releasedPence: 0 });
    const over = `This contract ended on ${longDate(placeDay)}: no more places can be taken under it`;
    expect(await raise(2)).toEqual(refusal(['input', 'contractId'], over));

    const before = await snapshot(s.db, localId(stretchId));
    const approve = await s.gql(
      transitionMutation('approveCommission'),
      { input: { commissionId: stretchId } },
      commissioner,
    );
    expect(approve.data.approveCommission).toEqual(
      refusal(
        ['input', 'commissionId'],
        `Contract ${reference} ended on ${longDate(placeDay)}, so its stretch places can no longer be approved: reject this one`,
      ),
    );
    expect(await snapshot(s.db, localId(stretchId))).toEqual(before);
    const reject = await s.gql(
      transitionMutation('rejectCommission'),
      { input: { commissionId: stretchId, reason: 'The contract has ended.' } },
      commissioner,
    );
    expect(reject.data.rejectCommission.commission.status).toBe('REJECTED');
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});

// Audit 66: a place is bought when the provider takes the child on. Cancelling it afterwards (here
// paused by withdrawn consent, then cancelled by the link worker) used to give it back to the block,
// and ending the contract then returned its £360 to the pot, already paid to the provider: a £360 pot
// paid out £720.
describe('a place taken up, paid, then cancelled', () => {
  const CONTRACT = `query($id: ID!) { node(id: $id) { ... on Contract { status placesUsed placesLeft drawnPence releasedPence } } }`;
  const PAID = `mutation($input: MarkPaymentRunPaidInput!) { markPaymentRunPaid(input: $input) { __typename } }`;
  const RUN = `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) { __typename
    ... on CreatePaymentRunSuccess { paymentRun { id lines { reference description amountPence } } } } }`;
  let potId: string;
  let placeId: string;
  let due: string;

  it('stays used and paid: the contract still shows it, with nothing to give back', async () => {
    const pot = await s.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) {
        ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { input: { name: 'One-place pot', source: 'COUNCIL', totalPence: 36_000 } },
      commissioner,
    );
    potId = pot.data.createFundingPot.fundingPot.id;
    const made = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) {
        ... on CreateContractSuccess { contract { id reference } } } }`,
      {
        input: {
          serviceId: globalId('Service', therapy),
          fundingPotId: potId,
          places: 1,
          pricePerPlacePence: 36_000,
          startDate: start,
          endDate: '2028-11-30',
        },
      },
      commissioner,
    );
    ({ id: contractId, reference } = made.data.createContract.contract);
    await s.gql(
      `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
      { input: { contractId } },
      commissioner,
    );
    const placed = await raise(3);
    placeId = placed.commission.id;
    const accepted = await s.gql(
      transitionMutation('acceptCommission'),
      { input: { commissionId: placeId } },
      provider,
    );
    expect(accepted.data.acceptCommission.commission.status).toBe('ACCEPTED');

    // The first of next month (the database clock stamps the acceptance): the place is paid.
    const [y, m] = placeDay.split('-').map(Number) as [number, number];
    due = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
    const run = (await s.gql(RUN, { input: { runDate: due } }, commissioner)).data.createPaymentRun;
    const month = placeDay.slice(0, 7);
    expect(run.paymentRun.lines.filter((l: { reference: string }) => l.reference === reference)).toEqual([
      { reference, description: `${reference} ${month}: 1 place taken up`, amountPence: 36_000 },
    ]);
    const paid = await s.gql(
      PAID,
      { input: { paymentRunId: run.paymentRun.id, financeReference: 'FIN-66' } },
      commissioner,
    );
    expect(paid.data.markPaymentRunPaid.__typename).toBe('MarkPaymentRunPaidSuccess');

    const withdrawn = await s.gql(
      `mutation($input: WithdrawConsentInput!) { withdrawConsent(input: $input) { __typename } }`,
      { input: { childId: globalId('Child', kids[3]!), withdrawnOn: start, reason: 'Family refused' } },
      lw,
    );
    expect(withdrawn.data.withdrawConsent.__typename).toBe('WithdrawConsentSuccess');
    const cancelled = await s.gql(
      transitionMutation('cancelCommission'),
      { input: { commissionId: placeId, reason: 'Family withdrew consent' } },
      lw,
    );
    expect(cancelled.data.cancelCommission.commission.status).toBe('CANCELLED');
    expect((await s.gql(CONTRACT, { id: contractId }, commissioner)).data.node).toEqual({
      status: 'SIGNED',
      placesUsed: 1,
      placesLeft: 0,
      drawnPence: 36_000,
      releasedPence: 0,
    });
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('ending the contract returns nothing for it, so the pot cannot give its money to a child too', async () => {
    const ended = (await s.gql(END, { input: { contractId, endedOn: placeDay } }, commissioner)).data.endContract;
    expect(ended.contract).toEqual({ status: 'ENDED', endedOn: placeDay, placesUsed: 1, releasedPence: 0 });
    const before = await snapshot(s.db);
    const allocated = await s.gql(
      `mutation($input: AllocateFundsInput!) { allocateFunds(input: $input) { __typename ... on Error { message } } }`,
      {
        input: {
          fundingPotId: potId,
          childIds: [globalId('Child', kids[4]!)],
          amountPence: 36_000,
          idempotencyKey: 'contract-ending-after-paid-place',
        },
      },
      commissioner,
    );
    expect(allocated.data.allocateFunds).toEqual({
      __typename: 'ValidationError',
      message: 'The pot has £0.00 left; this allocation needs £360.00',
    });
    expect(await snapshot(s.db)).toEqual(before);
    // Nor does a later run pay the place again.
    const again = (await s.gql(RUN, { input: { runDate: due } }, commissioner)).data.createPaymentRun;
    expect(again.paymentRun?.lines.filter((l: { reference: string }) => l.reference === reference) ?? []).toEqual([]);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});
