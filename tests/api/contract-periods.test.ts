import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contracts, fundingPots } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { serviceId, snapshot, viewerFor } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// A closed budget year's pots take no new allocations; nor may they take a contract's commitment:
// drafting a contract on one, or signing a draft whose pot's year closed since, is a ValidationError
// and changes nothing. (The demo seed closed 2025-26; this test closes 2026-27 too.)

let s: TestServer;
let commissioner: string;
let therapy: number;
let zoneId: number;
beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  therapy = await serviceId(s.db, 'Family therapy sessions');
  zoneId = (await viewerFor(s.db, 'commissioner@demo.test')).zoneId;
});
afterAll(() => s.close());

const RESULT = `__typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }`;
const CREATE = `mutation($input: CreateContractInput!) { createContract(input: $input) { ${RESULT}
  ... on CreateContractSuccess { contract { id status } } } }`;
const SIGN = `mutation($input: SignContractInput!) { signContract(input: $input) { ${RESULT} } }`;

const potOf = async (period: string) =>
  (
    await s.db
      .select()
      .from(fundingPots)
      .where(and(eq(fundingPots.period, period), eq(fundingPots.zoneId, zoneId)))
      .orderBy(fundingPots.id)
  )[0]!;
const draft = (potId: number) =>
  s.gql(
    CREATE,
    {
      input: {
        serviceId: globalId('Service', therapy),
        fundingPotId: globalId('FundingPot', potId),
        places: 2,
        pricePerPlacePence: 10_000,
        startDate: '2026-12-01',
        endDate: '2027-06-30',
      },
    },
    commissioner,
  );

describe('contracts and closed budget years', () => {
  it('a contract cannot be drafted on a closed year’s pot', async () => {
    const closed = await potOf('2025-26');
    const before = await snapshot(s.db);
    const contractsBefore = await s.db.$count(contracts);
    const res = (await draft(closed.id)).data.createContract;
    expect(res).toEqual({
      __typename: 'ValidationError',
      message: 'The budget period 2025-26 is closed',
      fieldErrors: [{ path: ['input', 'fundingPotId'], message: 'The budget period 2025-26 is closed' }],
    });
    expect(await snapshot(s.db)).toEqual(before);
    expect(await s.db.$count(contracts)).toBe(contractsBefore);
  });

  it('a draft whose pot’s year closed since cannot be signed', async () => {
    const open = await potOf('2026-27');
    const made = (await draft(open.id)).data.createContract;
    expect(made.contract.status).toBe('DRAFT');
    const closed = await s.gql(
      `mutation($input: ClosePeriodInput!) { closePeriod(input: $input) { __typename } }`,
      { input: { period: '2026-27', early: true } },
      commissioner,
    );
    expect(closed.data.closePeriod.__typename).toBe('ClosePeriodSuccess');
    const before = await snapshot(s.db);
    const res = (await s.gql(SIGN, { input: { contractId: made.contract.id } }, commissioner)).data.signContract;
    expect(res).toEqual({
      __typename: 'ValidationError',
      message: 'The budget period 2026-27 is closed',
      fieldErrors: [{ path: ['input', 'contractId'], message: 'The budget period 2026-27 is closed' }],
    });
    expect(await snapshot(s.db)).toEqual(before);
    const node = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on Contract { status committedPence } } }`,
      { id: made.contract.id },
      commissioner,
    );
    expect(node.data.node).toEqual({ status: 'DRAFT', committedPence: 0 });
    expect((await reconcile(s.db)).differences).toEqual([]);
  });
});
