import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, commissions, users, zones } from '../../drizzle/schema';
import { responseDeadline } from '../../schema/domain/working-days';
import { type GqlResponse, globalId, localId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 9: the commission list is filtered and sorted on the server, page by page; new
// arguments are optional, never widen what a role sees, and cost the same statements per request.

let s: TestServer;
type Row = typeof commissions.$inferSelect;
let all: Row[];
let refs: Map<number, string>;
const LIST = `query($filter: CommissionFilter, $orderBy: CommissionOrder, $first: Int, $after: String) {
  commissions(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id reference status amountPence } } } }`;

beforeAll(async () => {
  s = await startServer();
  const [commissioner] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
  all = await s.db.select().from(commissions).where(eq(commissions.zoneId, commissioner!.zoneId));
  refs = new Map(
    (await s.db.select({ id: children.id, reference: children.reference }).from(children)).map((c) => [
      c.id,
      c.reference,
    ]),
  );
});
afterAll(() => s.close());

type Page = {
  commissions: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string } }[];
  };
};

async function ids(as: string, filter: Record<string, unknown> | null, orderBy?: string, first = 100) {
  const token = await s.signIn(as);
  const out: number[] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const res: GqlResponse<Page> = await s.gql<Page>(LIST, { filter, orderBy, first, after }, token);
    expect(res.errors).toBeUndefined();
    total = res.data.commissions.totalCount;
    out.push(...res.data.commissions.edges.map((e: { node: { id: string } }) => localId(e.node.id)));
    if (!res.data.commissions.pageInfo.hasNextPage) break;
    after = res.data.commissions.pageInfo.endCursor;
  }
  expect(total).toBe(out.length);
  return out;
}
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const newest = (rows: Row[]) => rows.map((r) => r.id).sort((a, b) => b - a);

describe('filtering the commission list', () => {
  it('keeps the default order, newest first', async () => {
    expect(all.length).toBeGreaterThan(5);
    expect(await ids('commissioner@demo.test', null)).toEqual(newest(all));
  });

  it('filters by several statuses, service, provider, child reference and date raised, combined', async () => {
    const c = 'commissioner@demo.test';
    const two = [...new Set(all.map((r) => r.status))].slice(0, 2);
    expect(two.length).toBe(2);
    expect(await ids(c, { status: two })).toEqual(newest(all.filter((r) => two.includes(r.status))));
    const service = all[0]!.serviceId;
    expect(await ids(c, { serviceId: globalId('Service', service) })).toEqual(
      newest(all.filter((r) => r.serviceId === service)),
    );
    const org = all[0]!.organisationId;
    expect(await ids(c, { organisationId: globalId('Organisation', org) })).toEqual(
      newest(all.filter((r) => r.organisationId === org)),
    );
    const child = all[0]!.childId;
    expect(await ids(c, { childReference: ` ${refs.get(child)!.toLowerCase()} ` })).toEqual(
      newest(all.filter((r) => r.childId === child)),
    );
    const days = [...new Set(all.map((r) => r.createdAt.slice(0, 10)))].sort();
    const from = days[Math.floor(days.length / 3)]!;
    const to = days[Math.floor((2 * days.length) / 3)]!;
    const inRange = (r: Row) => {
      const day = new Date(r.createdAt).toISOString().slice(0, 10);
      return day >= from && day <= to;
    };
    expect(await ids(c, { raisedFrom: from, raisedTo: to })).toEqual(newest(all.filter(inRange)));
    expect(await ids(c, { raisedFrom: from, raisedTo: to, status: two })).toEqual(
      newest(all.filter((r) => inRange(r) && two.includes(r.status))),
    );
  });

  it('refuses a date range that ends before it starts, with a typed input error', async () => {
    const res = await s.gql(
      LIST,
      { filter: { raisedFrom: '2026-11-02', raisedTo: '2026-11-01' } },
      await s.signIn('commissioner@demo.test'),
    );
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('sorting the commission list on the server, across pages', () => {
  for (const [order, compare] of [
    ['RAISED_OLDEST', (a: Row, b: Row) => a.id - b.id],
    ['VALUE_HIGHEST', (a: Row, b: Row) => b.amountPence - a.amountPence || b.id - a.id],
    ['VALUE_LOWEST', (a: Row, b: Row) => a.amountPence - b.amountPence || b.id - a.id],
  ] as const) {
    it(order, async () => {
      const expected = [...all].sort(compare).map((r) => r.id);
      expect(await ids('commissioner@demo.test', null, order, 3)).toEqual(expected);
    });
  }
  it('STATUS groups each status together, newest first within it, across pages', async () => {
    const got = await ids('commissioner@demo.test', null, 'STATUS', 4);
    expect(sorted(got)).toEqual(sorted(all.map((r) => r.id)));
    const byId = new Map(all.map((r) => [r.id, r]));
    const statuses = got.map((id) => byId.get(id)!.status);
    // Each status is one run, and inside a run ids descend.
    expect(new Set(statuses).size).toBe(statuses.filter((x, i) => i === 0 || statuses[i - 1] !== x).length);
    for (let i = 1; i < got.length; i++) if (statuses[i] === statuses[i - 1]) expect(got[i]!).toBeLessThan(got[i - 1]!);
  });
});

describe('RESPOND_BY_SOONEST: the response deadline, in SQL, across pages, for every role', () => {
  // The demo's APPROVED commissions get approval days that run against their ids (and cross a
  // weekend and the August bank holiday), so neither the id order nor the raised order passes.
  const days = ['2026-08-28T16:00:00Z', '2026-08-25T09:00:00Z', '2026-08-31T10:00:00Z', '2026-08-21T23:30:00Z'];
  let deadline: Map<number, string>;
  beforeAll(async () => {
    const approved = all.filter((r) => r.status === 'APPROVED' && r.approvedAt).sort((a, b) => a.id - b.id);
    for (const [i, r] of approved.entries()) {
      await s.db
        .update(commissions)
        .set({ approvedAt: new Date(days[i % days.length]!) })
        .where(eq(commissions.id, r.id));
    }
    const [zone] = await s.db.select().from(zones).where(eq(zones.id, all[0]!.zoneId));
    const rows = await s.db
      .select()
      .from(commissions)
      .where(and(eq(commissions.zoneId, zone!.id), inArray(commissions.status, ['APPROVED'])));
    deadline = new Map(rows.map((r) => [r.id, responseDeadline(r.approvedAt!, zone!).respondBy]));
    expect(new Set(deadline.values()).size).toBeGreaterThan(1);
  });

  const LIST_DEADLINE = `query($orderBy: CommissionOrder, $first: Int, $after: String) {
    commissions(first: $first, after: $after, orderBy: $orderBy) {
      pageInfo { hasNextPage endCursor } edges { node { id status respondBy } } } }`;
  type DeadlinePage = {
    commissions: {
      pageInfo: { hasNextPage: boolean; endCursor: string | null };
      edges: { node: { id: string; status: string; respondBy: string | null } }[];
    };
  };
  async function byDeadline(as: string) {
    const token = await s.signIn(as);
    const out: { id: number; respondBy: string | null }[] = [];
    let after: string | null = null;
    for (;;) {
      const res: GqlResponse<DeadlinePage> = await s.gql<DeadlinePage>(
        LIST_DEADLINE,
        { orderBy: 'RESPOND_BY_SOONEST', first: 2, after },
        token,
      );
      expect(res.errors).toBeUndefined();
      out.push(...res.data.commissions.edges.map((e) => ({ id: localId(e.node.id), respondBy: e.node.respondBy })));
      if (!res.data.commissions.pageInfo.hasNextPage) break;
      after = res.data.commissions.pageInfo.endCursor;
    }
    return out;
  }

  for (const as of ['commissioner@demo.test', 'linkworker@demo.test', 'provider@demo.test']) {
    it(`${as}: soonest deadline first, no deadline last (newest first), the same rows as the default list`, async () => {
      const got = await byDeadline(as);
      expect(sorted(got.map((r) => r.id))).toEqual(sorted(await ids(as, null)));
      // Each row's respondBy is the one the deadlines job works to.
      for (const r of got) expect(r.respondBy).toBe(deadline.get(r.id) ?? null);
      const waiting = got.filter((r) => r.respondBy !== null);
      const rest = got.filter((r) => r.respondBy === null);
      expect(got).toEqual([...waiting, ...rest]);
      expect(waiting.map((r) => r.respondBy)).toEqual(waiting.map((r) => r.respondBy).sort());
      expect(rest.map((r) => r.id)).toEqual(rest.map((r) => r.id).sort((a, b) => b - a));
      if (as === 'commissioner@demo.test') expect(new Set(waiting.map((r) => r.respondBy)).size).toBeGreaterThan(1);
    });
  }

  it('costs the same statements as the plain list', async () => {
    const res = await s.gql(
      LIST,
      { first: 3, orderBy: 'RESPOND_BY_SOONEST' },
      await s.signIn('commissioner@demo.test'),
    );
    expect(res.errors).toBeUndefined();
    expect(res.statements).toBe(STATEMENTS);
  });
});

describe('a role never filters into what it cannot see', () => {
  it('a provider may not filter by the child’s reference', async () => {
    const child = all.find((r) => r.approvedAt)!.childId;
    const res = await s.gql(
      LIST,
      { filter: { childReference: refs.get(child) } },
      await s.signIn('provider@demo.test'),
    );
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.message).toBe('Providers cannot filter commissions by the child’s reference');
    expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(res.data).toBeNull();
  });

  it('a provider filtering by another organisation, and a link worker by another’s child, find nothing', async () => {
    const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
    const other = all.find((r) => r.organisationId !== provider!.organisationId)!;
    expect(await ids('provider@demo.test', { organisationId: globalId('Organisation', other.organisationId) })).toEqual(
      [],
    );
    const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const notMine = all.find((r) => r.linkWorkerId !== lw!.id)!;
    expect(await ids('linkworker@demo.test', { childReference: refs.get(notMine.childId) })).toEqual([]);
    const mine = all.find((r) => r.linkWorkerId === lw!.id)!;
    expect(await ids('linkworker@demo.test', { childReference: refs.get(mine.childId) })).toEqual(
      newest(all.filter((r) => r.childId === mine.childId && r.linkWorkerId === lw!.id)),
    );
  });
});

describe('statements per request', () => {
  it('a filtered, sorted page costs exactly what the plain list costs', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const plain = await s.gql(LIST, { first: 100 }, token);
    const filtered = await s.gql(
      LIST,
      {
        first: 5,
        orderBy: 'VALUE_HIGHEST',
        filter: {
          status: ['ACCEPTED', 'COMPLETED'],
          raisedFrom: '2020-01-01',
          childReference: refs.get(all[0]!.childId),
        },
      },
      token,
    );
    expect(filtered.errors).toBeUndefined();
    expect(plain.statements).toBe(STATEMENTS);
    expect(filtered.statements).toBe(STATEMENTS);
  });
});
const STATEMENTS = 3;
