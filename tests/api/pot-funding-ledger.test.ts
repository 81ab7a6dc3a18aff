import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingPots, ledgerEntries, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { globalId, localId, startServer, type TestServer } from '../setup/server';

// Every pot's money is in the ledger: a FUND entry of its total when it is made, another for each
// rise, a DEFUND for each fall, so a pot's total is always FUND less DEFUND and npm run reconcile
// notices a total changed behind the ledger. Before, a zone pot's total was only a column.

let s: TestServer;
let token: string;
beforeAll(async () => {
  s = await startServer();
  token = await s.signIn('commissioner@demo.test');
});
afterAll(() => s.close());

const CREATE = `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) {
  __typename ... on Error { message } ... on CreateFundingPotSuccess { fundingPot { id totalPence } } } }`;
const ADJUST = `mutation($input: AdjustFundingPotInput!) { adjustFundingPot(input: $input) {
  __typename ... on Error { message } ... on AdjustFundingPotSuccess { fundingPot { totalPence } } } }`;

const entriesOf = (potId: number) =>
  s.db
    .select({
      kind: ledgerEntries.kind,
      amountPence: ledgerEntries.amountPence,
      reason: ledgerEntries.reason,
      actorId: ledgerEntries.actorId,
    })
    .from(ledgerEntries)
    .where(eq(ledgerEntries.fundingPotId, potId))
    .orderBy(asc(ledgerEntries.id));

describe('pot funding in the ledger', () => {
  it('the demo’s pots are each credited their total, and the ledger reconciles', async () => {
    const pots = await s.db.select({ id: fundingPots.id, totalPence: fundingPots.totalPence }).from(fundingPots);
    const funded = await s.db
      .select({
        potId: ledgerEntries.fundingPotId,
        net: sql<number>`(sum(${ledgerEntries.amountPence}) filter (where ${ledgerEntries.kind} = 'FUND')
          - coalesce(sum(${ledgerEntries.amountPence}) filter (where ${ledgerEntries.kind}::text = 'DEFUND'), 0))::int`,
      })
      .from(ledgerEntries)
      .where(sql`${ledgerEntries.kind}::text in ('FUND', 'DEFUND')`)
      .groupBy(ledgerEntries.fundingPotId);
    const byPot = new Map(funded.map((f) => [f.potId, Number(f.net)]));
    expect(pots.length).toBeGreaterThan(4);
    for (const p of pots.filter((x) => x.totalPence > 0)) expect(byPot.get(p.id), `pot ${p.id}`).toBe(p.totalPence);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('a new pot is credited once, by whoever made it, even when the request is retried', async () => {
    const input = { name: 'Summer grant', source: 'PHILANTHROPY', totalPence: 250_000, idempotencyKey: 'pot-ledger-1' };
    const first = await s.gql(CREATE, { input }, token);
    const again = await s.gql(CREATE, { input }, token);
    expect(again.data).toEqual(first.data);
    const potId = localId(first.data.createFundingPot.fundingPot.id);
    const [commissioner] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
    expect(await entriesOf(potId)).toEqual([
      { kind: 'FUND', amountPence: 250_000, reason: 'Pot created', actorId: commissioner!.id },
    ]);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('a rise is a FUND entry, a fall a DEFUND one, each with its reason; a refused change writes nothing', async () => {
    const made = await s.gql(
      CREATE,
      { input: { name: 'Adjusted pot', source: 'COUNCIL', totalPence: 100_000 } },
      token,
    );
    const id = made.data.createFundingPot.fundingPot.id;
    const potId = localId(id);
    const adjust = (totalPence: number, reason: string) =>
      s.gql(ADJUST, { input: { fundingPotId: id, totalPence, reason } }, token);
    expect((await adjust(160_000, 'Second instalment')).data.adjustFundingPot.fundingPot.totalPence).toBe(160_000);
    expect((await adjust(120_000, 'Grant reduced')).data.adjustFundingPot.fundingPot.totalPence).toBe(120_000);
    expect((await adjust(120_000, 'No change')).data.adjustFundingPot.__typename).toBe('AdjustFundingPotSuccess');
    // Refused (an unknown pot, a reason too short, below what a pot has allocated): nothing moves.
    const unknown = await s.gql(
      ADJUST,
      { input: { fundingPotId: globalId('FundingPot', 999_999), totalPence: 1, reason: 'Nope' } },
      token,
    );
    expect(unknown.data.adjustFundingPot.__typename).toBe('NotFoundError');
    expect((await adjust(1, 'x')).data.adjustFundingPot.__typename).toBe('ValidationError');
    const [council] = await s.db.select().from(fundingPots).where(eq(fundingPots.name, 'Council early help fund'));
    expect(council!.allocatedPence).toBeGreaterThan(0);
    const councilBefore = await entriesOf(council!.id);
    const tooLow = await s.gql(
      ADJUST,
      {
        input: {
          fundingPotId: globalId('FundingPot', council!.id),
          totalPence: council!.allocatedPence - 1,
          reason: 'Cut',
        },
      },
      token,
    );
    expect(tooLow.data.adjustFundingPot.__typename).toBe('ValidationError');
    expect(await entriesOf(council!.id)).toEqual(councilBefore);
    expect((await entriesOf(potId)).map((e) => [e.kind, e.amountPence, e.reason])).toEqual([
      ['FUND', 100_000, 'Pot created'],
      ['FUND', 60_000, 'Total raised: Second instalment'],
      ['DEFUND', 40_000, 'Total lowered: Grant reduced'],
    ]);
    expect((await reconcile(s.db)).differences).toEqual([]);
  });

  it('a total changed behind the ledger is a difference reconcile reports', async () => {
    const [pot] = await s.db.select().from(fundingPots).where(eq(fundingPots.name, 'Council early help fund'));
    await s.db
      .update(fundingPots)
      .set({ totalPence: pot!.totalPence + 1 })
      .where(eq(fundingPots.id, pot!.id));
    try {
      expect((await reconcile(s.db)).differences).toEqual([
        {
          kind: 'pot',
          id: pot!.id,
          field: 'totalPence (FUND less DEFUND entries)',
          stored: pot!.totalPence + 1,
          ledger: pot!.totalPence,
        },
      ]);
    } finally {
      await s.db.update(fundingPots).set({ totalPence: pot!.totalPence }).where(eq(fundingPots.id, pot!.id));
    }
  });
});
