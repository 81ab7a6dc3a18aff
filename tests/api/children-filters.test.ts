import { and, eq, gte } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, outcomeMeasures, users } from '../../drizzle/schema';
import { type GqlResponse, localId, startServer, type TestServer } from '../setup/server';

// ISSUE 14, point 9: the children list searched by name or reference and filtered to "outcomes
// due or overdue", in SQL, page by page. Names are searched only in a link worker's own caseload.

let s: TestServer;
type Row = typeof children.$inferSelect;
let zone: Row[];
let mine: Row[];
let lwId: number;
const LIST = `query($filter: ChildFilter, $first: Int, $after: String) {
  children(first: $first, after: $after, filter: $filter) {
    totalCount pageInfo { hasNextPage endCursor } edges { node { id reference } } } }`;
const STATE = `{ children(first: 100) { edges { node { id outcomeScheduleState } } } }`;
type Page = {
  children: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: { id: string } }[];
  };
};

beforeAll(async () => {
  s = await startServer();
  const [lw] = await s.db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
  lwId = lw!.id;
  zone = await s.db
    .select()
    .from(children)
    .where(and(eq(children.zoneId, lw!.zoneId), eq(children.status, 'ACTIVE')))
    // In id order: the two children moved to December below are then the same on every run.
    .orderBy(children.id);
  mine = zone.filter((c) => c.linkWorkerId === lwId);
  // Two of the caseload start again in December: their baseline window (from four weeks before)
  // is open on the test clock (30 November 2026) and holds no score yet, so it is due.
  const late = new Set(
    (await s.db.select().from(outcomeMeasures).where(gte(outcomeMeasures.measuredOn, '2026-11-01'))).map(
      (m) => m.childId,
    ),
  );
  for (const c of mine.filter((c) => !late.has(c.id)).slice(0, 2))
    await s.db
      .update(children)
      .set({ programmeStart: '2026-12-14', programmeEnd: '2027-07-30' })
      .where(eq(children.id, c.id));
});
afterAll(() => s.close());

async function ids(as: string, filter: Record<string, unknown> | null, first = 100) {
  const token = await s.signIn(as);
  const out: number[] = [];
  let after: string | null = null;
  let total = -1;
  for (;;) {
    const res: GqlResponse<Page> = await s.gql<Page>(LIST, { filter, first, after }, token);
    expect(res.errors).toBeUndefined();
    total = res.data.children.totalCount;
    out.push(...res.data.children.edges.map((e) => localId(e.node.id)));
    if (!res.data.children.pageInfo.hasNextPage) break;
    after = res.data.children.pageInfo.endCursor;
  }
  expect(total).toBe(out.length);
  return out;
}
const byRef = (rows: Row[]) => [...rows].sort((a, b) => (a.reference < b.reference ? -1 : 1)).map((r) => r.id);

describe('a link worker searches their own caseload', () => {
  it('by part of a name, any case, across pages', async () => {
    expect(mine.length).toBeGreaterThan(3);
    const child = mine[0]!;
    const part = child.lastName!.slice(0, 4).toLowerCase();
    const expected = mine.filter((c) => `${c.firstName} ${c.lastName}`.toLowerCase().includes(part));
    expect(await ids('linkworker@demo.test', { search: ` ${part.toUpperCase()} ` }, 2)).toEqual(byRef(expected));
    const full = `${child.firstName} ${child.lastName}`.toLowerCase();
    expect(await ids('linkworker@demo.test', { search: full })).toContain(child.id);
  });

  it('by reference, and never finds another link worker’s child', async () => {
    const child = mine[1]!;
    expect(await ids('linkworker@demo.test', { search: child.reference.toLowerCase() })).toEqual([child.id]);
    const other = zone.find((c) => c.linkWorkerId !== lwId)!;
    expect(other).toBeDefined();
    expect(await ids('linkworker@demo.test', { search: other.reference })).toEqual([]);
    expect(await ids('linkworker@demo.test', { search: other.firstName })).toEqual(
      byRef(mine.filter((c) => `${c.firstName} ${c.lastName}`.toLowerCase().includes(other.firstName!.toLowerCase()))),
    );
    expect(await ids('linkworker@demo.test', { search: '%' })).toEqual([]);
  });

  it('"outcomes due or overdue" lists exactly the children the caseload marks due or overdue', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const res = await s.gql<{
      children: { edges: { node: { id: string; outcomeScheduleState: string } }[] };
    }>(STATE, {}, token);
    const due = res.data.children.edges
      .filter((e) => e.node.outcomeScheduleState !== 'UP_TO_DATE')
      .map((e) => localId(e.node.id));
    expect(due.length).toBeGreaterThan(0);
    expect(due.length).toBeLessThan(mine.length);
    expect(await ids('linkworker@demo.test', { outcomesDue: true }, 2)).toEqual(due);
    const one = mine.find((c) => due.includes(c.id))!;
    expect(await ids('linkworker@demo.test', { outcomesDue: true, search: one.reference })).toEqual([one.id]);
  });
});

describe('other roles never search names', () => {
  it('a commissioner’s search matches references only, never a name', async () => {
    const child = zone.find((c) => c.firstName && !c.reference.toLowerCase().includes(c.firstName.toLowerCase()))!;
    const hits = await ids('commissioner@demo.test', { search: `${child.firstName} ${child.lastName}` });
    expect(hits).toEqual([]);
    expect(await ids('commissioner@demo.test', { search: child.lastName })).toEqual(
      byRef(zone.filter((c) => c.reference.toLowerCase().includes(child.lastName!.toLowerCase()))),
    );
    expect(await ids('commissioner@demo.test', { search: child.reference.toLowerCase() })).toEqual([child.id]);
  });

  it('a district lead’s search matches references only', async () => {
    const visible = await ids('districtlead@demo.test', null);
    expect(visible.length).toBeGreaterThan(0);
    const child = zone.find((c) => c.id === visible[0])!;
    expect(await ids('districtlead@demo.test', { search: child.firstName })).toEqual(
      byRef(
        zone.filter(
          (c) => visible.includes(c.id) && c.reference.toLowerCase().includes(child.firstName!.toLowerCase()),
        ),
      ),
    );
    expect(await ids('districtlead@demo.test', { search: child.reference })).toEqual([child.id]);
  });

  for (const who of ['commissioner@demo.test', 'districtlead@demo.test']) {
    it(`${who} may not ask whose outcomes are due`, async () => {
      const res = await s.gql(LIST, { filter: { outcomesDue: true } }, await s.signIn(who));
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
      expect(res.data).toBeNull();
    });
  }

  for (const who of ['admin@demo.test', 'schoollead@demo.test', 'provider@demo.test']) {
    it(`${who} may not list or search children at all`, async () => {
      const res = await s.gql(LIST, { filter: { search: 'a' } }, await s.signIn(who));
      expect(res.status).toBeLessThan(500);
      expect(res.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    });
  }
});

describe('bad input', () => {
  it('an over-long search is a typed input error', async () => {
    const res = await s.gql(LIST, { filter: { search: 'x'.repeat(61) } }, await s.signIn('linkworker@demo.test'));
    expect(res.status).toBeLessThan(500);
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });
});

describe('statements per request', () => {
  it('a searched page costs what the plain page costs; "outcomes due" one statement more', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const plain = await s.gql(LIST, { first: 100 }, token);
    const searched = await s.gql(LIST, { first: 2, filter: { search: 'a' } }, token);
    const due = await s.gql(LIST, { first: 2, filter: { search: 'a', outcomesDue: true } }, token);
    expect(searched.errors).toBeUndefined();
    expect(due.errors).toBeUndefined();
    expect(plain.statements).toBe(STATEMENTS);
    expect(searched.statements).toBe(STATEMENTS);
    expect(due.statements).toBe(STATEMENTS + 1);
  });
});
const STATEMENTS = 3;
