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
