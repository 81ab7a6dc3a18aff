import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingPots, ledgerEntries, users, zones } from '../../drizzle/schema';
import { preLedgerPot } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// FundingPot.totalChanges: the ledger's rises and falls of a pot's total (FUND and DEFUND entries),
// newest first, for whoever may see the pot, paged, and planned with the pot list (no statement per pot).

let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startServer();
  token = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const CREATE = `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) {
  __typename ... on CreateFundingPotSuccess { fundingPot { id } } } }`;
const ADJUST = `mutation($input: AdjustFundingPotInput!) { adjustFundingPot(input: $input) { __typename } }`;
const HISTORY = `query($id: ID!, $first: Int, $after: String) { node(id: $id) { ... on FundingPot {
  totalChanges(first: $first, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { direction amountPence reason at changedBy } } } } } }`;

type Change = { direction: string; amountPence: number; reason: string; at: string; changedBy: string | null };
type History = {
  node: {
    totalChanges: {
      totalCount: number;
      pageInfo: { hasNextPage: boolean; endCursor: string };
      edges: { node: Change }[];
    };
  } | null;
};

async function newPot(name: string, totalPence: number) {
  const res = await s.gql(CREATE, { input: { name, source: 'COUNCIL', totalPence } }, token);
  expect(res.data.createFundingPot.__typename).toBe('CreateFundingPotSuccess');
  return res.data.createFundingPot.fundingPot.id as string;
}
const adjust = async (id: string, totalPence: number, reason: string) =>
  expect((await s.gql(ADJUST, { input: { fundingPotId: id, totalPence, reason } }, token)).data).toEqual({
    adjustFundingPot: { __typename: 'AdjustFundingPotSuccess' },
  });
const history = (id: string, as: string | undefined, page: { first?: number; after?: string } = {}) =>
  s.gql<History>(HISTORY, { id, ...page }, as);

const commissionerName = async () =>
  (await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test')))[0]!.name;

describe('a funding pot’s history', () => {
  it('a new pot has one RAISED change of its whole total, by whoever made it', async () => {
    const id = await newPot('History pot', 250_000);
    const res = await history(id, token);
    expect(res.errors).toBeUndefined();
    const changes = res.data.node!.totalChanges;
    expect(changes.totalCount).toBe(1);
    expect(changes.edges.map((e) => ({ ...e.node, at: undefined }))).toEqual([
      { direction: 'RAISED', amountPence: 250_000, reason: 'Pot created', changedBy: await commissionerName() },
    ]);
    expect(Number.isNaN(Date.parse(changes.edges[0]!.node.at))).toBe(false);
  });

  it('a rise then a fall: newest first, each with its amount and the reason given', async () => {
    const id = await newPot('Adjusted history pot', 100_000);
    await adjust(id, 160_000, 'Second instalment');
    await adjust(id, 120_000, 'Grant reduced');
    await adjust(id, 120_000, 'No change'); // moves nothing, so no entry
    const res = await history(id, token);
    expect(res.errors).toBeUndefined();
    const changes = res.data.node!.totalChanges;
    expect(changes.totalCount).toBe(3);
    expect(changes.edges.map((e) => [e.node.direction, e.node.amountPence, e.node.reason])).toEqual([
      ['LOWERED', 40_000, 'Grant reduced'],
      ['RAISED', 60_000, 'Second instalment'],
      ['RAISED', 100_000, 'Pot created'],
    ]);
  });

  it('pages with first and after', async () => {
    const id = await newPot('Paged history pot', 10_000);
    for (let i = 1; i <= 4; i++) await adjust(id, 10_000 + i * 1_000, `Top-up ${i}`);
    const first = await history(id, token, { first: 2 });
    expect(first.errors).toBeUndefined();
    const one = first.data.node!.totalChanges;
    expect(one.totalCount).toBe(5);
    expect(one.pageInfo.hasNextPage).toBe(true);
    expect(one.edges.map((e) => e.node.reason)).toEqual(['Top-up 4', 'Top-up 3']);
    const next = await history(id, token, { first: 2, after: one.pageInfo.endCursor });
    expect(next.errors).toBeUndefined();
    expect(next.data.node!.totalChanges.edges.map((e) => e.node.reason)).toEqual(['Top-up 2', 'Top-up 1']);
    const last = await history(id, token, { first: 2, after: next.data.node!.totalChanges.pageInfo.endCursor });
    expect(last.data.node!.totalChanges.edges.map((e) => e.node.reason)).toEqual(['Pot created']);
    expect(last.data.node!.totalChanges.pageInfo.hasNextPage).toBe(false);
  });

  it('only who may see the pot reads it: a link worker, a provider and another zone’s commissioner get null', async () => {
    const id = await newPot('Private history pot', 50_000);
    for (const who of ['linkworker@demo.test', 'provider@demo.test', 'commissioner@other.test']) {
      const res = await history(id, await s.signIn(who));
      expect(res.errors, who).toBeUndefined();
      expect(res.data.node, who).toBeNull();
    }
    expect((await history(id, undefined)).data.node).toBeNull();
    // Nor through the pot list, which is the commissioners' own.
    const list = await s.gql(
      '{ fundingPots { totalChanges { totalCount } } }',
      undefined,
      await s.signIn('linkworker@demo.test'),
    );
    expect(list.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    // The other zone's commissioner sees only their own pots, never this one's history.
    const other = await s.gql<{ fundingPots: { id: string }[] }>(
      '{ fundingPots { id totalChanges { totalCount } } }',
      undefined,
      await s.signIn('commissioner@other.test'),
    );
    expect(other.errors).toBeUndefined();
    expect(other.data.fundingPots.map((p) => p.id)).not.toContain(id);
    // A district lead reads their district's pots' histories, as they read the pots, and not a zone pot's.
    const lead = await s.signIn('districtlead@demo.test');
    expect((await history(id, lead)).data.node).toBeNull();
    const theirs = await s.gql<{ fundingPots: { totalChanges: { totalCount: number } }[] }>(
      '{ fundingPots { totalChanges { totalCount } } }',
      undefined,
      lead,
    );
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.fundingPots.length).toBeGreaterThan(0);
    for (const p of theirs.data.fundingPots) expect(p.totalChanges.totalCount).toBeGreaterThan(0);
  });

  it('the pot list with each pot’s history costs the same statements for one pot as for all', async () => {
    const POTS = (limit: string) => `{ fundingPots${limit} { id totalChanges(first: 5) { totalCount
      edges { node { direction amountPence reason at changedBy } } } } }`;
    const one = await s.gql<{ fundingPots: { totalChanges: { totalCount: number } }[] }>(
      POTS('(limit: 1)'),
      undefined,
      token,
    );
    const all = await s.gql<{ fundingPots: { id: string; totalChanges: { totalCount: number } }[] }>(
      POTS(''),
      undefined,
      token,
    );
    expect(one.errors).toBeUndefined();
    expect(all.errors).toBeUndefined();
    expect(all.data.fundingPots.length).toBeGreaterThan(5);
    expect(one.statements).toBeGreaterThan(0);
    expect(all.statements).toBe(one.statements);
    // The counts are each pot's own.
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.name, 'Adjusted history pot'));
    const adjusted = all.data.fundingPots.find((p) => p.id === globalId('FundingPot', pot!.id));
    expect(adjusted?.totalChanges.totalCount).toBe(3);
  });

  it('a change the portal made, with no one behind it, has changedBy null', async () => {
    // The migration that began recording pot funding credited older pots with no actor.
    const pot = await preLedgerPot(s.db, 'commissioner@demo.test');
    const res = await history(globalId('FundingPot', pot.id), token);
    expect(res.errors).toBeUndefined();
    expect(res.data.node!.totalChanges.edges.map((e) => ({ ...e.node, at: undefined }))).toEqual([
      {
        direction: 'RAISED',
        amountPence: 40_000,
        reason: 'Pot total when the ledger began recording pot funding',
        changedBy: null,
      },
    ]);
  });
});
