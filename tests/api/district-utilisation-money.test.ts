import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childBudgets, commissionEvents, districts, fundingPots, ledgerEntries, schools } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { freeChildren, raiseMutation, serviceId, transitionMutation } from '../setup/money';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// District utilisation agrees with the district's pots (README "District funding by formula"), with
// hand-computed figures in the demo zone, Catford's lead reading. A new fund of £1,900.08 over the
// eight districts by base weight alone is £237.51 each. A £200 block contract (2 places at £100) on
// Catford's pot commits £200 at signing: £37.51 left, as the pot says. One place taken up and paid
// moves £100 from committed to spent. Then 2026-27 closes under CARRY_FORWARD: the Catford money
// carried into 2027-28 budgets is that year's funding, so a commission on it never leaves it short.

let s: TestServer;
let commissioner: string;
let lead: string;
let lw: string;
let catford: number;
let child: number;
let therapy: number;
let fundId: string;
let potId: string;

const UTILISATION = `{ districtUtilisation { district { name } fundedPence allocatedPence committedPence spentPence leftPence shareUsed } }`;
type Row = {
  fundedPence: number;
  allocatedPence: number;
  committedPence: number;
  spentPence: number;
  leftPence: number;
};
const catfordRow = async (token: string): Promise<Row> => {
  const res = await s.gql(UTILISATION, {}, token);
  expect(res.errors).toBeUndefined();
  const rows = res.data.districtUtilisation as (Row & { district: { name: string } })[];
  const {
    district: _d,
    shareUsed: _u,
    ...row
  } = rows.find((r) => r.district.name === 'Catford')! as Row & {
    district: unknown;
    shareUsed: number;
  };
  return row;
};
const moved = (before: Row, by: Partial<Row>): Row => ({
  fundedPence: before.fundedPence + (by.fundedPence ?? 0),
  allocatedPence: before.allocatedPence + (by.allocatedPence ?? 0),
  committedPence: before.committedPence + (by.committedPence ?? 0),
  spentPence: before.spentPence + (by.spentPence ?? 0),
  leftPence: before.leftPence + (by.leftPence ?? 0),
});
const clean = async () => expect((await reconcile(s.db)).differences).toEqual([]);

beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
  lead = await s.signIn('districtlead@demo.test');
  lw = await s.signIn('linkworker@demo.test');
  catford = (await s.db.select().from(districts).where(eq(districts.name, 'Catford')))[0]!.id;
  const inCatford = await s.db.select({ id: schools.id }).from(schools).where(eq(schools.districtId, catford));
  const free = await freeChildren(s.db, 'linkworker@demo.test');
  child = free.find((c) => inCatford.some((x) => x.id === c.schoolId))!.id;
  therapy = await serviceId(s.db, 'Family therapy sessions');
});
afterAll(() => s.close());

describe('a block contract on a district pot', () => {
  it('is committed at signing and spent once an instalment is paid, as the pot counts it', async () => {
    const before = await catfordRow(lead);
    const made = await s.gql(
      `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) {
        ... on CreateDistrictFundSuccess { districtFund { id shares { district { name } sharePence fundingPot { id } } } } } }`,
      {
        input: {
          name: 'Audit slice',
          source: 'SCHOOLS_DSG',
          totalPence: 190_008,
          formula: { name: 'Base only', pupilsWeight: 0, childrenWeight: 0, deprivationWeight: 0, baseWeight: 1 },
        },
      },
      commissioner,
    );
    const fund = made.data.createDistrictFund.districtFund;
    fundId = fund.id;
    const share = fund.shares.find((x: { district: { name: string } }) => x.district.name === 'Catford');
    expect(share.sharePence).toBe(23_751);
    potId = share.fundingPot.id;
    const contract = await s.gql(
      `mutation($input: CreateContractInput!) { createContract(input: $input) { ... on CreateContractSuccess { contract { id } } } }`,
      {
        input: {
          serviceId: globalId('Service', therapy),
          fundingPotId: potId,
          places: 2,
          pricePerPlacePence: 10_000,
          startDate: '2026-11-01',
          endDate: '2027-03-31',
        },
      },
      commissioner,
    );
    const contractId = contract.data.createContract.contract.id;
    const signed = await s.gql(
      `mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`,
      { input: { contractId } },
      commissioner,
    );
    expect(signed.data.signContract.__typename).toBe('SignContractSuccess');
    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child),
          serviceId: globalId('Service', therapy),
          units: 1,
          rationale: 'A place on the block.',
          idempotencyKey: 'utilisation-place-1',
          contractId,
        },
      },
      lw,
    );
    const commission = raised.data.raiseCommission.commission;
    expect(commission).toMatchObject({ amountPence: 0, status: 'APPROVED' });

    // The pot: £237.51, £200 committed, £37.51 left; utilisation says the same of Catford.
    const pots = (await s.gql('{ fundingPots { id contractCommittedPence remainingPence } }', {}, lead)).data
      .fundingPots;
    expect(pots.find((p: { id: string }) => p.id === potId)).toEqual({
      id: potId,
      contractCommittedPence: 20_000,
      remainingPence: 3_751,
    });
    const signedRow = moved(before, { fundedPence: 23_751, committedPence: 20_000, leftPence: 3_751 });
    expect(await catfordRow(lead)).toEqual(signedRow);
    expect(await catfordRow(commissioner)).toEqual(signedRow);

    // The place taken up and its month's instalment paid: £100 of the £200 is now spent.
    const provider = await s.signIn('provider@demo.test');
    await s.gql(transitionMutation('acceptCommission'), { input: { commissionId: commission.id } }, provider);
    const [{ due }] = (await s.db
      .select({
        due: sql<string>`(date_trunc('month', ${commissionEvents.at} at time zone 'Europe/London') + interval '1 month')::date::text`,
      })
      .from(commissionEvents)
      .where(
        and(eq(commissionEvents.commissionId, localId(commission.id)), eq(commissionEvents.toStatus, 'ACCEPTED')),
      )) as [{ due: string }];
    const run = await s.gql(
      `mutation($input: CreatePaymentRunInput!) { createPaymentRun(input: $input) {
        __typename ... on Error { message } ... on CreatePaymentRunSuccess { paymentRun { id } } } }`,
      { input: { runDate: due } },
      commissioner,
    );
    const paid = await s.gql(
      `mutation($input: MarkPaymentRunPaidInput!) { markPaymentRunPaid(input: $input) { __typename } }`,
      { input: { paymentRunId: run.data.createPaymentRun.paymentRun.id, financeReference: 'FIN-UTIL-1' } },
      commissioner,
    );
    expect(paid.data.markPaymentRunPaid.__typename).toBe('MarkPaymentRunPaidSuccess');
    expect(await catfordRow(lead)).toEqual(moved(signedRow, { committedPence: -10_000, spentPence: 10_000 }));
    await clean();
  });
});

describe('district funds for a district lead', () => {
  const SHARES = `{ totalPence shares { district { name } sharePence pupilsOnRoll childrenInProgramme } }`;
  it('show only their own district’s share (listed and by node); commissioners see every district', async () => {
    const funds = (await s.gql(`{ districtFunds ${SHARES} }`, {}, lead)).data.districtFunds;
    expect(funds.length).toBeGreaterThan(1);
    for (const f of funds)
      expect(f.shares.map((x: { district: { name: string } }) => x.district.name)).toEqual(['Catford']);
    const node = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on DistrictFund ${SHARES} } }`,
      { id: fundId },
      lead,
    );
    expect(node.data.node).toEqual({
      totalPence: 190_008,
      shares: [{ district: { name: 'Catford' }, sharePence: 23_751, pupilsOnRoll: 0, childrenInProgramme: 8 }],
    });
    const all = await s.gql(
      `query($id: ID!) { node(id: $id) { ... on DistrictFund ${SHARES} } }`,
      { id: fundId },
      commissioner,
    );
    expect(all.data.node.shares).toHaveLength(8);
    expect(all.data.node.shares.reduce((t: number, x: { sharePence: number }) => t + x.sharePence, 0)).toBe(190_008);
  });
});

describe('after a CARRY_FORWARD close', () => {
  it('money carried in from Catford’s pots is the new year’s funding: a commission on it leaves Catford in credit', async () => {
    const policy = await s.gql(
      `mutation { setUnspentPolicy(input: { policy: CARRY_FORWARD }) { __typename } }`,
      {},
      commissioner,
    );
    expect(policy.data.setUnspentPolicy.__typename).toBe('SetUnspentPolicySuccess');
    const closed = await s.gql(
      `mutation { closePeriod(input: { period: "2026-27", early: true }) { __typename ... on Error { message } } }`,
      {},
      commissioner,
    );
    expect(closed.data.closePeriod.__typename).toBe('ClosePeriodSuccess');
    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child),
          serviceId: globalId('Service', therapy),
          units: 2,
          rationale: 'Carried money.',
          idempotencyKey: 'utilisation-carried-1',
        },
      },
      lw,
    );
    expect(raised.data.raiseCommission.commission).toMatchObject({ amountPence: 9_000, status: 'APPROVED' });
    // What the ledger carried into 2027-28 from Catford's pots, and into this child's budget.
    const carried = await s.db
      .select({ childId: childBudgets.childId, amount: ledgerEntries.amountPence, districtId: fundingPots.districtId })
      .from(ledgerEntries)
      .innerJoin(childBudgets, eq(childBudgets.id, ledgerEntries.budgetId))
      .innerJoin(fundingPots, eq(fundingPots.id, ledgerEntries.fundingPotId))
      .where(and(eq(ledgerEntries.kind, 'CARRY_IN'), eq(childBudgets.period, '2027-28')));
    const sum = (xs: typeof carried) => xs.reduce((t, x) => t + x.amount, 0);
    const funded = sum(carried.filter((x) => x.districtId === catford));
    const mine = carried.filter((x) => x.childId === child);
    expect(funded).toBeGreaterThan(0);
    // The child carried £1,050: £950 from the zone's pots and £100 from Catford's (the demo lead's
    // allocation), so Catford's share of the £90 is 9000 x 100 / 1050 = 857.14: 857p committed.
    expect([sum(mine), sum(mine.filter((x) => x.districtId === catford))]).toEqual([105_000, 10_000]);
    // 2027-28 has no Catford pot of its own, and the contract stays on 2026-27's pot: only the carried money.
    expect(await catfordRow(lead)).toEqual({
      fundedPence: funded,
      allocatedPence: funded,
      committedPence: 857,
      spentPence: 0,
      leftPence: funded - 857,
    });
    await clean();
  });
});
