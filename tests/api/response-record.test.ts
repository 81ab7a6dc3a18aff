import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissionEvents, commissions, organisations, users } from '../../drizzle/schema';
import { insertWithReference } from '../../schema/domain/commission-reference';
import { responseRecords } from '../../schema/domain/response-record';
import { inTransaction } from '../../schema/domain/transaction';
import { globalId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// ISSUE 14, point 6: a provider's response record (median working days to answer, share accepted)
// from commissions with known times, across weekends and England and Wales bank holidays, at the
// test clock (30 November 2026), whatever today's date.

type Case = { approved: string; answered: string; outcome: 'ACCEPTED' | 'DECLINED' | 'EXPIRED' | null };

// Fri 1 May 2026 -> Tue 5 May: Sat, Sun and Mon 4 May (Early May bank holiday) do not count: 1 day.
const ACROSS_MAY_DAY: Case = {
  approved: '2026-05-01T09:00:00Z',
  answered: '2026-05-05T10:00:00Z',
  outcome: 'ACCEPTED',
};
// 23:30 UTC on 30 June is 1 July in London; answered 1 July: the same day, 0 (not 1 as in UTC).
const LONDON_MIDNIGHT: Case = {
  approved: '2026-06-30T23:30:00Z',
  answered: '2026-07-01T15:00:00Z',
  outcome: 'ACCEPTED',
};
const MIXED: Case[] = [
  ACROSS_MAY_DAY, // 1
  // Fri 28 Aug -> Wed 2 Sep: Mon 31 Aug (summer bank holiday) skipped: Tue, Wed = 2.
  { approved: '2026-08-28T09:00:00Z', answered: '2026-09-02T09:00:00Z', outcome: 'ACCEPTED' },
  { approved: '2026-06-01T08:00:00Z', answered: '2026-06-01T16:00:00Z', outcome: 'DECLINED' }, // 0
  { approved: '2026-11-19T10:00:00Z', answered: '2026-11-23T10:00:00Z', outcome: 'ACCEPTED' }, // Fri, Mon = 2
  { approved: '2026-10-07T10:00:00Z', answered: '2026-10-16T10:00:00Z', outcome: 'ACCEPTED' }, // 7
  { approved: '2026-03-02T10:00:00Z', answered: '2026-03-16T10:00:00Z', outcome: 'EXPIRED' }, // lapsed after 10
  // Left out: reached the provider more than 12 months ago; still waiting.
  { approved: '2025-11-20T10:00:00Z', answered: '2025-12-01T10:00:00Z', outcome: 'DECLINED' },
  { approved: '2026-11-27T10:00:00Z', answered: '', outcome: null },
];
// Days 0, 1, 2, 2, 7, 10: median 2. Counting Mon 4 May and Mon 31 Aug: 0, 2, 2, 3, 7, 10, median 2.5.

const RECORD = `requests enough accepted declined expired acceptedShare medianWorkingDays windowMonths since`;

describe('providers’ response record', () => {
  let s: TestServer;
  const org: Record<'mixed' | 'mayDay' | 'london' | 'few', number> = { mixed: 0, mayDay: 0, london: 0, few: 0 };
  let template: typeof commissions.$inferSelect;

  async function addCases(organisationId: number, cases: Case[]) {
    await inTransaction(s.db, async (tx) => {
      for (const c of cases) {
        const { id: _id, reference: _r, createdAt: _c, ...rest } = template;
        const { id } = await insertWithReference(tx, {
          ...rest,
          organisationId,
          status: c.outcome ?? 'APPROVED',
          approvedAt: new Date(c.approved),
          pausedAt: null,
        });
        if (!c.outcome) continue;
        await tx.insert(commissionEvents).values({
          commissionId: id,
          action: c.outcome,
          fromStatus: 'APPROVED',
          toStatus: c.outcome,
          actorId: null,
          at: c.answered,
        });
      }
    });
  }

  beforeAll(async () => {
    s = await startServer();
    template = (await s.db.select().from(commissions).limit(1))[0]!;
    const [demo] = await s.db.select().from(organisations).where(eq(organisations.name, 'Riverside Family Therapy'));
    for (const key of Object.keys(org) as (keyof typeof org)[]) {
      const [row] = await s.db
        .insert(organisations)
        .values({ zoneId: demo!.zoneId, kind: demo!.kind, name: `Response record ${key}` })
        .returning();
      org[key] = row!.id;
    }
    await addCases(org.mixed, MIXED);
    await addCases(org.mayDay, Array(5).fill(ACROSS_MAY_DAY));
    await addCases(org.london, Array(5).fill(LONDON_MIDNIGHT));
    await addCases(org.few, Array(4).fill(ACROSS_MAY_DAY));
    // A provider of the "mixed" organisation, who signs in with the demo password.
    const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
    const { id: _id, email: _e, createdAt: _c, ...rest } = provider!;
    await s.db.insert(users).values({ ...rest, email: 'responder@demo.test', organisationId: org.mixed });
  }, 60_000);
  afterAll(() => s?.close());

  it('counts working days in London, skipping weekends and bank holidays; a lapse counts as not accepted', async () => {
    const records = await responseRecords(s.db, Object.values(org), TEST_NOW);
    expect(records.get(org.mixed)).toEqual({
      organisationId: org.mixed,
      requests: 6,
      enough: true,
      accepted: 4,
      declined: 1,
      expired: 1,
      acceptedShare: 4 / 6,
      medianWorkingDays: 2,
      since: '2025-11-30',
    });
    expect(records.get(org.mayDay)?.medianWorkingDays).toBe(1);
    expect(records.get(org.london)?.medianWorkingDays).toBe(0);
  });

  it('gives no figures from fewer than 5 requests, and does from the fifth', async () => {
    const few = (await responseRecords(s.db, [org.few], TEST_NOW)).get(org.few);
    expect(few).toMatchObject({
      requests: 4,
      enough: false,
      accepted: null,
      acceptedShare: null,
      medianWorkingDays: null,
    });
    await addCases(org.few, [ACROSS_MAY_DAY]);
    const five = (await responseRecords(s.db, [org.few], TEST_NOW)).get(org.few);
    expect(five).toMatchObject({ requests: 5, enough: true, accepted: 5, acceptedShare: 1, medianWorkingDays: 1 });
  });

  it('moves with the clock: a year later the same requests are out of the window', async () => {
    const later = (await responseRecords(s.db, [org.mixed], new Date('2027-11-30T12:00:00Z'))).get(org.mixed);
    expect(later).toMatchObject({ requests: 0, enough: false, since: '2026-11-30' });
  });

  it('is shown to the zone’s link workers, commissioners, admins and the provider itself only', async () => {
    const query = `query($id: ID!) { node(id: $id) { ... on Organisation { name responseRecord { ${RECORD} } } } }`;
    const seen: Record<string, unknown> = {};
    for (const email of [
      'linkworker@demo.test',
      'commissioner@demo.test',
      'admin@demo.test',
      'responder@demo.test',
      'provider@demo.test',
      'provider2@demo.test',
      'linkworker@other.test',
      'districtlead@demo.test',
      'schoollead@demo.test',
      '',
    ]) {
      const token = email ? await s.signIn(email) : undefined;
      const res = await s.gql(query, { id: globalId('Organisation', org.mixed) }, token);
      expect(res.errors).toBeUndefined();
      seen[email || 'signed out'] =
        res.data.node === null
          ? 'no node'
          : (res.data.node.responseRecord?.medianWorkingDays ?? res.data.node.responseRecord);
    }
    expect(seen).toMatchObject({
      'linkworker@demo.test': 2,
      'commissioner@demo.test': 2,
      'admin@demo.test': 2,
      'responder@demo.test': 2,
      'provider@demo.test': null,
      'provider2@demo.test': null,
      'linkworker@other.test': 'no node', // another zone: the organisation itself is not visible there
      'districtlead@demo.test': null,
      'schoollead@demo.test': null,
      'signed out': null,
    });
  });

  it('reads every result’s record in one statement: the same count for 1 and 20 results', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const search = (first: number, withRecord: boolean) =>
      s.gql(
        `query($first: Int) { services(first: $first) { edges { node { id organisation { id ${
          withRecord ? `responseRecord { ${RECORD} }` : ''
        } } } } } }`,
        { first },
        token,
      );
    const one = await search(1, true);
    const twenty = await search(20, true);
    const without = await search(20, false);
    expect(one.errors).toBeUndefined();
    expect(twenty.errors).toBeUndefined();
    const nodes = twenty.data.services.edges.map((e: { node: { organisation: { id: string } } }) => e.node);
    expect(new Set(nodes.map((n: { organisation: { id: string } }) => n.organisation.id)).size).toBeGreaterThan(3);
    expect(nodes.every((n: { organisation: { responseRecord: unknown } }) => n.organisation.responseRecord)).toBe(true);
    expect(twenty.statements).toBe(one.statements);
    expect(twenty.statements).toBe(without.statements + 1);
  });
});
