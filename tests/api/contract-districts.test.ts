import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, districts, fundingPots, schools } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { londonDate } from '../../schema/domain/working-days';
import { freeChildren, raiseMutation, serviceId, snapshot } from '../setup/money';
import { globalId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// A district's pot pays only for children at that district's schools (README, "District funding
// by formula"): a block contract on Brockley's pot takes Brockley's children only, whether as a
// place from the block or as a stretch place beyond it.

let s: TestServer;
let lw: string;
let commissioner: string;
let contractId: string;
let brockleyId: number;
let outside: number[];
beforeAll(async () => {
  s = await startServer();
  lw = await s.signIn('linkworker@demo.test');
  commissioner = await s.signIn('commissioner@demo.test');
  const [brockley] = await s.db.select().from(districts).where(eq(districts.name, 'Brockley'));
  brockleyId = brockley!.id;
  const free = await freeChildren(s.db, 'linkworker@demo.test');
  const districtOf = await s.db
    .select({ id: children.id, districtId: schools.districtId })
    .from(children)
    .innerJoin(schools, eq(schools.id, children.schoolId));
  const byId = new Map(districtOf.map((c) => [c.id, c.districtId]));
  outside = free.filter((c) => byId.get(c.id) !== brockleyId).map((c) => c.id);
});
afterAll(() => s.close());

const RAISE = raiseMutation.replace(
  '... on InsufficientBudgetError',
  '... on ContractFullError { placesLeft } ... on InsufficientBudgetError',
);
let key = 0;
const raise = (childId: number, extra: Record<string, unknown> = {}) =>
  s
    .gql(
      RAISE,
      {
        input: {
          childId: globalId('Child', childId),
          serviceId: globalId('Service', therapyId),
          units: 1,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `district-contract-${++key}`,
          contractId,
          ...extra,
        },
      },
      lw,
    )
    .then((r) => r.data.raiseCommission);
let therapyId: number;

describe('a contract on a district’s pot', () => {
  it('takes no child from another district, as a place or as stretch', async () => {
    therapyId = await serviceId(s.db, 'Family therapy sessions');
    const [pot] = await s.db
      .select()
      .from(fundingPots)
      .where(
        and(
          eq(fundingPots.districtId, brockleyId),
          sql`${fundingPots.period} = (select "currentPeriod" from zones where id = ${fundingPots.zoneId})`,
        ),
      );
    const today = londonDate(TEST_NOW);
    const made = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) {
        ... on CreateContractSuccess { contract { id } } } }`,
      {
        input: {
          serviceId: globalId('Service', therapyId),
          fundingPotId: globalId('FundingPot', pot!.id),
          places: 2,
          pricePerPlacePence: 10_000,
          startDate: today,
          endDate: '2027-03-31',
        },
      },
      commissioner,
    );
    contractId = made.data.createContract.contract.id;
    const signed = await s.gql(
      `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
      { input: { contractId } },
      commissioner,
    );
    expect(signed.data.signContract.__typename).toBe('SignContractSuccess');

    expect(outside.length).toBeGreaterThan(1);
    const message = 'This contract is paid from Brockley’s pot, which pays only for children at Brockley’s schools';
    const before = await snapshot(s.db);
    for (const extra of [{}, { stretch: true }])
      expect(await raise(outside[0]!, extra)).toEqual({
        __typename: 'ValidationError',
        message,
        fieldErrors: [{ path: ['input', 'contractId'], message }],
      });
    expect(await snapshot(s.db)).toEqual(before);
    const node = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Contract { placesUsed } } }`,
      { id: contractId },
      commissioner,
    );
    expect(node.data.node.placesUsed).toBe(0);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('takes a child at one of the district’s schools', async () => {
    // The demo link worker's caseload has no Brockley child: one of theirs moves to a Brockley school.
    const [school] = await s.db.select().from(schools).where(eq(schools.districtId, brockleyId)).limit(1);
    await s.db.update(children).set({ schoolId: school!.id }).where(eq(children.id, outside[1]!));
    expect(await raise(outside[1]!)).toMatchObject({
      __typename: 'RaiseCommissionSuccess',
      commission: { status: 'APPROVED', amountPence: 0 },
    });
  });
});
