import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, commissions, users } from '../../drizzle/schema';
import { type GqlResponse, localId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 9: the audit trail is filtered in SQL, page by page: by who acted (name or
// email as typed), by day range (UTC) and by commission reference (as typed), with `action`.

let s: TestServer;
type Row = typeof auditEvents.$inferSelect;
let all: Row[];
let people: Map<number, { name: string; email: string }>;
let zoneId: number;
const LIST = `query($filter: AuditFilter, $action: String, $first: Int, $after: String) {
  auditEvents(first: $first, after: $after, action: $action, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id action actor { name } } } } }`;
type Page = {
  auditEvents: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string } }[];
  };
};

beforeAll(async () => {
  s = await startServer();
  // Sign-ins are audited: sign in first, so the trail read below is the one the tests filter.
  for (const who of ['commissioner@demo.test', 'admin@demo.test', 'linkworker@demo.test', 'provider@demo.test'])
    await s.signIn(who);
  const [commissioner] = await s.db.select().from(users).where(eq(users.email, 'commissioner@demo.test'));
  zoneId = commissioner!.zoneId;
  all = await s.db.select().from(auditEvents).where(eq(auditEvents.zoneId, zoneId));
  people = new Map(
    (await s.db.select().from(users).where(eq(users.zoneId, zoneId))).map((u) => [
      u.id,
      { name: u.name, email: u.email },
    ]),
  );
});
afterAll(() => s.close());

async function ids(as: string, filter: Record<string, unknown> | null, action?: string, first = 100) {
  const token = await s.signIn(as);
  const out: number[] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const res: GqlResponse<Page> = await s.gql<Page>(LIST, { filter, action, first, after }, token);
    expect(res.errors).toBeUndefined();
    total = res.data.auditEvents.totalCount;
    out.push(...res.data.auditEvents.edges.map((e) => localId(e.node.id)));
    if (!res.data.auditEvents.pageInfo.hasNextPage) break;
    after = res.data.auditEvents.pageInfo.endCursor;
  }
  expect(total).toBe(out.length);
  return out;
}
const newest = (rows: Row[]) => rows.map((r) => r.id).sort((a, b) => b - a);

describe('filtering the audit trail', () => {
  it('unfiltered, it is the zone’s whole trail, newest first', async () => {
    expect(all.length).toBeGreaterThan(5);
    expect(await ids('commissioner@demo.test', null)).toEqual(newest(all));
  });

  it('by who acted: part of a name or an email, any case, wildcards taken literally', async () => {
    const actors = [...new Set(all.map((r) => r.actorId).filter((a): a is number => a != null))];
    expect(actors.length).toBeGreaterThan(0);
    const one = actors[0]!;
    const person = people.get(one)!;
    const byName = person.name.slice(1, 6).toUpperCase();
    const expectedName = all.filter(
      (r) => r.actorId != null && people.get(r.actorId)!.name.toUpperCase().includes(byName),
    );
    expect(expectedName.length).toBeGreaterThan(0);
    expect(await ids('commissioner@demo.test', { actor: ` ${byName} ` })).toEqual(newest(expectedName));
    expect(await ids('commissioner@demo.test', { actor: person.email.toUpperCase() }, undefined, 3)).toEqual(
      newest(all.filter((r) => r.actorId != null && people.get(r.actorId)!.email === person.email)),
    );
    expect(await ids('commissioner@demo.test', { actor: '%' })).toEqual([]);
    expect(await ids('commissioner@demo.test', { actor: '_' })).toEqual([]);
  });

  it('by day range (UTC, both ends included), combined with action', async () => {
    const days = [...new Set(all.map((r) => new Date(r.at).toISOString().slice(0, 10)))].sort();
    const from = days[0]!;
    const to = days[days.length - 1]!;
    const inRange = (r: Row, f: string, t: string) => {
      const day = new Date(r.at).toISOString().slice(0, 10);
      return day >= f && day <= t;
    };
    expect(await ids('commissioner@demo.test', { from, to })).toEqual(newest(all.filter((r) => inRange(r, from, to))));
    expect(await ids('commissioner@demo.test', { from: to, to })).toEqual(
      newest(all.filter((r) => inRange(r, to, to))),
    );
    const dayBefore = new Date(Date.parse(`${from}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    expect(await ids('commissioner@demo.test', { to: dayBefore })).toEqual([]);
    const action = all[0]!.action;
    expect(await ids('commissioner@demo.test', { from }, action)).toEqual(
      newest(all.filter((r) => r.action === action && inRange(r, from, '9999-12-31'))),
    );
  });

  it('by commission reference, typed any way', async () => {
    const onCommissions = all.filter((r) => r.entityType === 'Commission');
    expect(onCommissions.length).toBeGreaterThan(0);
    const target = onCommissions[0]!.entityId;
    const [c] = await s.db.select().from(commissions).where(eq(commissions.id, target));
    const typed = ` ${c!.reference.toLowerCase().replace('-', ' ')} `;
    const expected = newest(all.filter((r) => r.entityType === 'Commission' && r.entityId === target));
    expect(await ids('commissioner@demo.test', { commissionReference: typed })).toEqual(expected);
    expect(await ids('admin@demo.test', { commissionReference: c!.reference.slice(3) })).toEqual(expected);
  });
});

describe('bad input is a typed 4xx and changes nothing', () => {
  for (const [what, variables, code] of [
    ['an impossible date', { filter: { from: '2026-02-30' } }, 'BAD_USER_INPUT'],
    ['a range ending before it starts', { filter: { from: '2026-11-02', to: '2026-11-01' } }, 'BAD_USER_INPUT'],
    ['an over-long actor', { filter: { actor: 'x'.repeat(101) } }, 'BAD_USER_INPUT'],
    ['something that cannot be a reference', { filter: { commissionReference: 'CR-00000' } }, 'BAD_USER_INPUT'],
  ] as const) {
    it(what, async () => {
      const before = await s.db.$count(auditEvents);
      const res = await s.gql(LIST, variables, await s.signIn('commissioner@demo.test'));
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0]?.extensions?.code).toBe(code);
      expect(await s.db.$count(auditEvents)).toBe(before);
    });
  }
});

describe('who may filter the trail', () => {
  for (const who of ['linkworker@demo.test', 'provider@demo.test']) {
    it(`${who} is refused`, async () => {
      const res = await s.gql(LIST, { filter: { actor: 'a' } }, await s.signIn(who));
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  }
});

describe('statements per request', () => {
  it('a filtered page costs exactly what the plain page costs', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const plain = await s.gql(LIST, { first: 100 }, token);
    const filtered = await s.gql(
      LIST,
      { first: 5, filter: { actor: 'demo', from: '2020-01-01', to: '2099-12-31' }, action: all[0]!.action },
      token,
    );
    expect(filtered.errors).toBeUndefined();
    expect(plain.statements).toBe(STATEMENTS);
    expect(filtered.statements).toBe(STATEMENTS);
  });
});
const STATEMENTS = 3;
