import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, districtFunds, fundingPots, idempotencyKeys, ledgerEntries } from '../../drizzle/schema';
import { localId, startServer, type TestServer } from '../setup/server';

// Audit F6: a retried "add a pot" or "split £144,000" must not create the money twice. Run with
// TEST_DB=postgres for the concurrent cases to race real row locks.

let s: TestServer;
let commissioner: string;

const CREATE_POT = `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) {
  __typename ... on ValidationError { fieldErrors { path message } }
  ... on CreateFundingPotSuccess { fundingPot { id totalPence } } } }`;
const CREATE_FUND = `mutation($input: DistrictFundInput!) { createDistrictFund(input: $input) {
  __typename ... on ValidationError { fieldErrors { path message } }
  ... on CreateDistrictFundSuccess { districtFund { id totalPence } } } }`;

const pot = (idempotencyKey: string, totalPence = 50_000) => ({
  name: 'Retried pot',
  source: 'COUNCIL',
  totalPence,
  idempotencyKey,
});
const fund = (idempotencyKey: string, totalPence = 14_400_000) => ({
  name: 'Retried fund',
  source: 'SCHOOLS_DSG',
  totalPence,
  formula: { name: 'Base only', pupilsWeight: 0, childrenWeight: 0, deprivationWeight: 0, baseWeight: 1 },
  idempotencyKey,
});

const potsNamed = async (name: string) =>
  (await s.db.select().from(fundingPots).where(eq(fundingPots.name, name))).length;
const fundsNamed = async (name: string) =>
  (await s.db.select().from(districtFunds).where(eq(districtFunds.name, name))).map((f) => f.id);
const auditsOf = async (action: 'CREATE_FUNDING_POT' | 'CREATE_DISTRICT_FUND', entityId: number) =>
  (await s.db.select().from(auditEvents).where(eq(auditEvents.action, action))).filter((a) => a.entityId === entityId)
    .length;
const fundLedger = async (fundId: number) =>
  (
    await s.db
      .select({ id: ledgerEntries.id })
      .from(ledgerEntries)
      .innerJoin(fundingPots, eq(fundingPots.id, ledgerEntries.fundingPotId))
      .where(eq(fundingPots.districtFundId, fundId))
  ).length;

beforeAll(async () => {
  s = await startServer();
  commissioner = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

describe('createFundingPot with an idempotency key', () => {
  it('a replay answers with the same pot and adds no second pot or audit record', async () => {
    const first = (await s.gql(CREATE_POT, { input: pot('pot-key-0001') }, commissioner)).data.createFundingPot;
    const again = (await s.gql(CREATE_POT, { input: pot('pot-key-0001') }, commissioner)).data.createFundingPot;
    expect(first.__typename).toBe('CreateFundingPotSuccess');
    expect(again).toEqual(first);
    expect(await potsNamed('Retried pot')).toBe(1);
    expect(await auditsOf('CREATE_FUNDING_POT', localId(first.fundingPot.id))).toBe(1);
  });

  it('the same key with a different total is refused, and adds nothing', async () => {
    const res = (await s.gql(CREATE_POT, { input: pot('pot-key-0001', 60_000) }, commissioner)).data.createFundingPot;
    expect(res.__typename).toBe('ValidationError');
    expect(res.fieldErrors).toEqual([
      { path: ['input', 'idempotencyKey'], message: 'This idempotency key was already used for a different request' },
    ]);
    expect(await potsNamed('Retried pot')).toBe(1);
  });

  it('ten simultaneous requests with one key make one pot', async () => {
    const input = { ...pot('pot-key-race-01'), name: 'Raced pot' };
    const all = await Promise.all(Array.from({ length: 10 }, () => s.gql(CREATE_POT, { input }, commissioner)));
    const ids = new Set(all.map((r) => r.data.createFundingPot.fundingPot.id));
    expect(ids.size).toBe(1);
    expect(await potsNamed('Raced pot')).toBe(1);
  });

  it('without a key it behaves as before: each call adds a pot', async () => {
    const input = { name: 'Keyless pot', source: 'COUNCIL', totalPence: 100 };
    await s.gql(CREATE_POT, { input }, commissioner);
    await s.gql(CREATE_POT, { input }, commissioner);
    expect(await potsNamed('Keyless pot')).toBe(2);
  });
});

describe('createDistrictFund with an idempotency key', () => {
  it('a replay answers with the same fund: one fund, one set of district pots and FUND entries, one audit', async () => {
    const first = (await s.gql(CREATE_FUND, { input: fund('fund-key-0001') }, commissioner)).data.createDistrictFund;
    const again = (await s.gql(CREATE_FUND, { input: fund('fund-key-0001') }, commissioner)).data.createDistrictFund;
    expect(first.__typename).toBe('CreateDistrictFundSuccess');
    expect(again).toEqual(first);
    const ids = await fundsNamed('Retried fund');
    expect(ids).toEqual([Number(first.districtFund.id)]);
    // The demo zone's eight districts all have schools: eight pots, eight FUND credits.
    expect(await fundLedger(ids[0]!)).toBe(8);
    expect(await auditsOf('CREATE_DISTRICT_FUND', ids[0]!)).toBe(1);
  });

  it('the same key with a different total is refused, and splits nothing', async () => {
    const res = (await s.gql(CREATE_FUND, { input: fund('fund-key-0001', 100) }, commissioner)).data.createDistrictFund;
    expect(res.__typename).toBe('ValidationError');
    expect(res.fieldErrors).toEqual([
      { path: ['input', 'idempotencyKey'], message: 'This idempotency key was already used for a different request' },
    ]);
    expect(await fundsNamed('Retried fund')).toHaveLength(1);
  });

  it('ten simultaneous requests with one key split the fund once', async () => {
    const input = { ...fund('fund-key-race-01'), name: 'Raced fund' };
    const all = await Promise.all(Array.from({ length: 10 }, () => s.gql(CREATE_FUND, { input }, commissioner)));
    expect(new Set(all.map((r) => r.data.createDistrictFund.districtFund.id)).size).toBe(1);
    const ids = await fundsNamed('Raced fund');
    expect(ids).toHaveLength(1);
    expect(await fundLedger(ids[0]!)).toBe(8);
  });

  it('a key is one user’s: the stored row names the operation', async () => {
    const [row] = await s.db.select().from(idempotencyKeys).where(eq(idempotencyKeys.key, 'fund-key-0001'));
    expect(row!.operation).toBe('createDistrictFund');
  });
});
