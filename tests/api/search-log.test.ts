import { asc, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { districts, searchLogs, zones } from '../../drizzle/schema';
import { SEARCH_COUNT_CAP, setSearchCountCap } from '../../schema/domain/search-count';
import { freeChildren, raiseMutation, serviceId } from '../setup/money';
import { globalId, startServer, TEST_NOW, type TestServer } from '../setup/server';

// Issue 12 point 7: directory searches are logged without personal data, after the response.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());
beforeEach(async () => {
  await s.db.delete(searchLogs);
});
afterEach(() => setSearchCountCap(SEARCH_COUNT_CAP));

const SEARCH = `query($filter: ServiceFilter, $first: Int, $after: String) {
  services(filter: $filter, first: $first, after: $after) { totalCount edges { node { id name } } pageInfo { endCursor } } }`;
const SEARCH_NO_COUNT = `query($filter: ServiceFilter) { services(filter: $filter, first: 1) { edges { node { id } } } }`;

/** The log is written once the response is sent: wait for the nth row. */
async function logRows(n: number) {
  await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBe(n);
  return s.db.select().from(searchLogs).orderBy(asc(searchLogs.id));
}

describe('search log', () => {
  it('logs a public search: normalised text, filters, the outward code only, the total; nobody', async () => {
    const res = await s.gql(SEARCH, {
      filter: {
        text: '  Family   THERAPY ',
        categorySlugs: ['family-support', 'family-support'],
        age: 9,
        maxUnitPricePence: 6000,
        nearPostcode: 'se6 4ru',
        withinKm: 25,
        zoneSlug: 'demo',
      },
      first: 1,
    });
    expect(res.errors).toBeUndefined();
    const total = res.data.services.totalCount;
    const [row] = await logRows(1);
    const [demo] = await s.db.select({ id: zones.id }).from(zones).where(eq(zones.slug, 'demo'));
    // Every column, so a new one holding who searched would fail here.
    expect(row).toEqual({
      id: expect.any(Number),
      zoneId: demo!.id,
      districtId: null,
      queryText: 'family therapy',
      categorySlugs: ['family-support'],
      age: 9,
      freeOnly: false,
      maxUnitPricePence: 6000,
      withinKm: 25,
      postcodeDistrict: 'SE6',
      resultCount: total,
      signedIn: false,
      commissionFollowed: false,
      searchedAt: TEST_NOW,
    });

    // The next page of the same search is not another search.
    const wider = await s.gql(SEARCH, { filter: { text: 'family therapy', zoneSlug: 'demo' }, first: 1 });
    const page1 = await logRows(2);
    const cursor = (await s.gql(SEARCH, { filter: { text: 'family therapy' }, first: 1 })).data.services.pageInfo
      .endCursor;
    await logRows(3);
    await s.gql(SEARCH, { filter: { text: 'family therapy' }, first: 1, after: cursor });
    await new Promise((r) => setTimeout(r, 300));
    expect(await s.db.$count(searchLogs)).toBe(3);
    expect(page1[1]!.resultCount).toBe(wider.data.services.totalCount);
    expect(wider.data.services.totalCount).toBeGreaterThan(total);
  });

  it('counts the whole result (not the page) without totalCount, a district, and zero results', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const [catford] = await s.db.select().from(districts).where(eq(districts.name, 'Catford'));
    const all = await s.gql(SEARCH, { filter: { servesDistrictId: globalId('District', catford!.id) }, first: 1 }, lw);
    await logRows(1);
    await s.gql(SEARCH_NO_COUNT, { filter: { servesDistrictId: globalId('District', catford!.id) } }, lw);
    // Logged after the answer, with a count of its own: wait for it, so the rows are in asking order.
    await logRows(2);
    await s.gql(SEARCH_NO_COUNT, { filter: { text: 'zzz underwater basket weaving' } }, lw);
    const rows = await logRows(3);
    expect(all.data.services.totalCount).toBeGreaterThan(1);
    expect(rows.map((r) => [r.districtId, r.resultCount, r.signedIn, r.queryText])).toEqual([
      [catford!.id, all.data.services.totalCount, true, ''],
      [catford!.id, all.data.services.totalCount, true, ''],
      [null, 0, true, 'zzz underwater basket weaving'],
    ]);
  });

  it('logs a search that asks only for its count (no page), once, with its count', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const res = await s.gql(
      'query($filter: ServiceFilter) { services(filter: $filter) { totalCount } }',
      {
        filter: { text: 'zzz count only basket weaving' },
      },
      lw,
    );
    expect(res.data.services.totalCount).toBe(0);
    const broad = await s.gql('{ services { totalCount } }', {}, lw);
    const rows = await logRows(2);
    expect(rows.map((r) => [r.queryText, r.resultCount, r.signedIn])).toEqual([
      ['zzz count only basket weaving', 0, true],
      ['', broad.data.services.totalCount, true],
    ]);
  });

  it('counts no further than the directory page does: its capped count, never an exact one after it', async () => {
    // The directory page asks for totalCountCapped: the log takes that count, not an exact count of
    // every match (seconds of database time for a broad search over a million listings).
    const CAPPED = `query($filter: ServiceFilter) { services(filter: $filter, first: 1) {
      totalCountCapped { count capped } edges { node { id } } } }`;
    const exact = await s.gql(SEARCH, { filter: {}, first: 1 });
    await logRows(1);
    const total = exact.data.services.totalCount as number;
    expect(total).toBeGreaterThan(3);
    setSearchCountCap(3);
    const capped = await s.gql(CAPPED, { filter: {} });
    expect(capped.data.services.totalCountCapped).toEqual({ count: 3, capped: true });
    await s.gql(SEARCH_NO_COUNT, { filter: {} });
    const rows = await logRows(3);
    // Exact when the page counted exactly; the cap (meaning "at least") otherwise.
    expect(rows.map((r) => r.resultCount)).toEqual([total, 3, 3]);
  });

  it('marks the session’s searches that showed the listing when it is commissioned, and only those', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const therapy = await serviceId(s.db, 'Family therapy sessions');
    const kids = await freeChildren(s.db, 'linkworker@demo.test');
    const shown = await s.gql(SEARCH, { filter: { text: 'Family therapy sessions' }, first: 5 }, lw);
    expect(shown.data.services.edges.map((e: { node: { name: string } }) => e.node.name)).toContain(
      'Family therapy sessions',
    );
    await logRows(1);
    await s.gql(SEARCH, { filter: { text: 'zzz nothing matches this' }, first: 5 }, lw);
    await logRows(2);
    // Another session's search that showed it too: not linked to this one's commission.
    const other = await s.signIn('linkworker2@demo.test');
    await s.gql(SEARCH, { filter: { text: 'Family therapy sessions' }, first: 5 }, other);
    await logRows(3);

    const raised = await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', kids[0]!.id),
          serviceId: globalId('Service', therapy),
          units: 2,
          rationale: 'Agreed at the family review.',
          idempotencyKey: 'search-log-1',
        },
      },
      lw,
    );
    expect(raised.data.raiseCommission.__typename).toBe('RaiseCommissionSuccess');
    await expect
      .poll(
        async () => (await s.db.select().from(searchLogs).orderBy(asc(searchLogs.id))).map((r) => r.commissionFollowed),
        { timeout: 10_000 },
      )
      .toEqual([true, false, false]);
  });
});
