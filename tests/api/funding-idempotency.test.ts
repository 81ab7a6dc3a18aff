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
  (await s.db.select().from(fundingPots).where(eq(fundingPots.name, name))).map((p) => p.id);
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

type Made = { __typename: string; fieldErrors?: unknown } & Record<string, { id: string } | undefined>;

// The same replay shape for a pot and a fund: what each makes, and what else it must make only once.
describe.each([
  {
    mutation: 'createFundingPot',
    document: CREATE_POT,
    success: 'CreateFundingPotSuccess',
    otherTotal: 60_000,
    input: pot,
    entity: 'fundingPot',
    idOf: (made: Made) => localId(made.fundingPot!.id),
    prefix: 'pot',
    noun: 'pot',
    named: potsNamed,
    audit: 'CREATE_FUNDING_POT' as const,
    // A zone pot is credited by its total alone: nothing more to count.
    alsoOnce: async (_id: number) => {},
  },
  {
    mutation: 'createDistrictFund',
    document: CREATE_FUND,
    success: 'CreateDistrictFundSuccess',
    otherTotal: 100,
    input: fund,
    entity: 'districtFund',
    idOf: (made: Made) => localId(made.districtFund!.id),
    prefix: 'fund',
    noun: 'fund',
    named: fundsNamed,
    audit: 'CREATE_DISTRICT_FUND' as const,
    // The demo zone's eight districts all have schools: eight pots, eight FUND credits.
    alsoOnce: async (id: number) => expect(await fundLedger(id)).toBe(8),
  },
])('$mutation with an idempotency key', (c) => {
  const send = async (input: Record<string, unknown>): Promise<Made> =>
    (await s.gql(c.document, { input }, commissioner)).data[c.mutation];

  it('a replay answers with the same one and makes it, its audit record and what it credits once', async () => {
    const first = await send(c.input(`${c.prefix}-key-0001`));
    const again = await send(c.input(`${c.prefix}-key-0001`));
    expect(first.__typename).toBe(c.success);
    expect(again).toEqual(first);
    const ids = await c.named(`Retried ${c.noun}`);
    expect(ids).toEqual([c.idOf(first)]);
    await c.alsoOnce(ids[0]!);
    expect(await auditsOf(c.audit, ids[0]!)).toBe(1);
  });

  it('the same key with a different total is refused, and adds nothing', async () => {
    const res = await send(c.input(`${c.prefix}-key-0001`, c.otherTotal));
    expect(res.__typename).toBe('ValidationError');
    expect(res.fieldErrors).toEqual([
      { path: ['input', 'idempotencyKey'], message: 'This idempotency key was already used for a different request' },
    ]);
    expect(await c.named(`Retried ${c.noun}`)).toHaveLength(1);
  });

  it('ten simultaneous requests with one key make it once', async () => {
    const input = { ...c.input(`${c.prefix}-key-race-01`), name: `Raced ${c.noun}` };
    const all = await Promise.all(Array.from({ length: 10 }, () => send(input)));
    expect(new Set(all.map((r) => r[c.entity]!.id)).size).toBe(1);
    const ids = await c.named(`Raced ${c.noun}`);
    expect(ids).toHaveLength(1);
    await c.alsoOnce(ids[0]!);
  });

  it('a key is one user’s: the stored row names the operation', async () => {
    const [row] = await s.db
      .select()
      .from(idempotencyKeys)
      .where(eq(idempotencyKeys.key, `${c.prefix}-key-0001`));
    expect(row!.operation).toBe(c.mutation);
  });
});

describe('createFundingPot without an idempotency key', () => {
  it('behaves as before: each call adds a pot', async () => {
    const input = { name: 'Keyless pot', source: 'COUNCIL', totalPence: 100 };
    await s.gql(CREATE_POT, { input }, commissioner);
    await s.gql(CREATE_POT, { input }, commissioner);
    expect(await potsNamed('Keyless pot')).toHaveLength(2);
  });
});

describe('createFundingPot of £0', () => {
  it('is refused, as a £0 district fund is, and adds no pot', async () => {
    const input = { name: 'Empty pot', source: 'COUNCIL', totalPence: 0 };
    const res = await s.gql(CREATE_POT, { input }, commissioner);
    expect(res.data.createFundingPot).toEqual({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'totalPence'], message: 'A pot is more than £0' }],
    });
    expect(await potsNamed('Empty pot')).toHaveLength(0);
  });
});
