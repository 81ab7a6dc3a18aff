import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, districts, searchLogs, unmetNeeds, zones } from '../../drizzle/schema';
import { userId } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// Issue 12 point 7: the unmet-need report, figures computed by hand from the rows planted below
// (the server's clock is TEST_NOW, 2026-11-30, so the default period is 2026-08-30 to 2026-11-30).
let s: TestServer;
let catford: string;
let second: string;
beforeAll(async () => {
  s = await startServer();
  // Only the rows planted here (the demo seed has a few of its own).
  await s.db.delete(searchLogs);
  await s.db.delete(unmetNeeds);
  const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
  const [other] = await s.db.select().from(zones).where(eq(zones.slug, 'other'));
  const list = await s.db.select().from(districts).where(eq(districts.zoneId, demo!.id)).orderBy(asc(districts.name));
  const c = list.find((d) => d.name === 'Catford')!;
  // A district whose name sorts after Catford, so the expected order below follows the names.
  const d2 = list.find((d) => d.name > 'Catford')!;
  catford = c.name;
  second = d2.name;
  const log = (zoneId: number, districtId: number | null, q: string, at: string, resultCount = 0, more = {}) => ({
    zoneId,
    districtId,
    queryText: q,
    searchedAt: new Date(at),
    resultCount,
    signedIn: true,
    ...more,
  });
  await s.db.insert(searchLogs).values([
    log(demo!.id, c.id, 'anxiety', '2026-11-01T10:00:00Z'),
    log(demo!.id, c.id, 'anxiety', '2026-11-20T10:00:00Z'),
    log(demo!.id, d2.id, 'anxiety', '2026-10-01T00:00:00Z'),
    // No category has the slug mental-health: only Family support is named.
    log(demo!.id, c.id, 'sleep', '2026-09-15T10:00:00Z', 0, { categorySlugs: ['family-support', 'mental-health'] }),
    log(demo!.id, c.id, 'anxiety', '2026-11-02T10:00:00Z', 3, { commissionFollowed: true }),
    log(demo!.id, c.id, 'anxiety', '2026-07-01T10:00:00Z'), // before the period
    log(other!.id, null, 'anxiety', '2026-11-01T10:00:00Z'), // another zone
    log(demo!.id, c.id, 'anxiety', '2026-11-30T23:59:00Z'), // the last day counts
    log(demo!.id, c.id, 'anxiety', '2026-12-01T00:00:00Z'), // after it
  ]);
  const lw = await userId(s.db, 'linkworker@demo.test');
  const [child] = await s.db.select().from(children).where(eq(children.linkWorkerId, lw)).limit(1);
  const need = (needTag: string, districtId: number | null, tried: string, at: string) => ({
    zoneId: demo!.id,
    childId: child!.id,
    needTag,
    districtId,
    tried,
    recordedById: lw,
    recordedAt: new Date(at),
  });
  await s.db
    .insert(unmetNeeds)
    .values([
      need('bereavement', c.id, 'tried A', '2026-10-01T00:00:00Z'),
      need('bereavement', c.id, 'tried B', '2026-11-01T09:00:00Z'),
      need('bereavement', null, 'tried C', '2026-11-05T09:00:00Z'),
      need('anxiety', d2.id, 'tried D', '2026-09-01T09:00:00Z'),
      need('bereavement', c.id, 'too old', '2026-05-01T09:00:00Z'),
    ]);
});
afterAll(() => s.close());

const REPORT = `query($from: Date, $to: Date) { unmetNeedReport(from: $from, to: $to) {
  from to searches noResultSearchCount followedByCommission
  noResultSearches { queryText districtName categorySlug categoryName count }
  unmetNeeds { needTag districtName count triedExamples }
  byDistrict { districtName noResultSearches unmetNeeds } } }`;

describe('unmetNeedReport', () => {
  it('the last three months by default, by district and category, counted by hand', async () => {
    const res = await s.gql(REPORT, {}, await s.signIn('commissioner@demo.test'));
    expect(res.errors).toBeUndefined();
    expect(res.data.unmetNeedReport).toEqual({
      from: '2026-08-30',
      to: '2026-11-30',
      searches: 6,
      noResultSearchCount: 5,
      followedByCommission: 1,
      noResultSearches: [
        { queryText: 'anxiety', districtName: catford, categorySlug: null, categoryName: null, count: 3 },
        { queryText: 'anxiety', districtName: second, categorySlug: null, categoryName: null, count: 1 },
        {
          queryText: 'sleep',
          districtName: catford,
          categorySlug: 'family-support',
          categoryName: 'Family support',
          count: 1,
        },
      ],
      unmetNeeds: [
        { needTag: 'bereavement', districtName: catford, count: 2, triedExamples: ['tried B', 'tried A'] },
        { needTag: 'anxiety', districtName: second, count: 1, triedExamples: ['tried D'] },
        { needTag: 'bereavement', districtName: null, count: 1, triedExamples: ['tried C'] },
      ],
      byDistrict: [
        { districtName: catford, noResultSearches: 4, unmetNeeds: 2 },
        { districtName: second, noResultSearches: 1, unmetNeeds: 1 },
        { districtName: null, noResultSearches: 0, unmetNeeds: 1 },
      ],
    });
  });

  it('a chosen period includes both days; a bad period is a typed error', async () => {
    const admin = await s.signIn('admin@demo.test');
    const october = (await s.gql(REPORT, { from: '2026-10-01', to: '2026-10-31' }, admin)).data.unmetNeedReport;
    expect(october).toMatchObject({ searches: 1, noResultSearchCount: 1, followedByCommission: 0 });
    expect(october.unmetNeeds).toEqual([
      { needTag: 'bereavement', districtName: catford, count: 1, triedExamples: ['tried A'] },
    ]);
    const backwards = await s.gql(REPORT, { from: '2026-11-01', to: '2026-10-01' }, admin);
    expect(backwards.status).toBeLessThan(500);
    expect(backwards.errors?.[0]?.message).toMatch(/on or after the start date/);
  });

  it('another zone’s commissioner sees only their zone', async () => {
    const res = await s.gql(REPORT, {}, await s.signIn('commissioner@other.test'));
    expect(res.data.unmetNeedReport).toMatchObject({ searches: 1, noResultSearchCount: 1, unmetNeeds: [] });
  });

  it('every other role is refused the report and the CSV', async () => {
    for (const email of [
      'linkworker@demo.test',
      'provider@demo.test',
      'schoollead@demo.test',
      'districtlead@demo.test',
    ]) {
      const token = await s.signIn(email);
      const res = await s.gql(REPORT, {}, token);
      expect([email, res.data?.unmetNeedReport ?? null, res.errors?.[0]?.extensions?.code]).toEqual([
        email,
        null,
        'FORBIDDEN',
      ]);
      const csv = await fetch(`${s.url}/exports/unmet-need.csv`, { headers: { authorization: `Bearer ${token}` } });
      expect([email, csv.status]).toEqual([email, 403]);
    }
    expect((await s.gql(REPORT)).errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    expect((await fetch(`${s.url}/exports/unmet-need.csv`)).status).toBe(401);
  });

  it('the CSV has the same figures; a bad date is a 400', async () => {
    const token = await s.signIn('commissioner@demo.test');
    const res = await fetch(`${s.url}/exports/unmet-need.csv?from=2026-10-01&to=2026-10-31`, {
      headers: { authorization: `Bearer ${token}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await res.text()).trim().split('\n')).toEqual([
      'kind,district,category,need,query,count,triedExamples',
      `search with no results,${second},,,anxiety,1,`,
      `need with no service,${catford},,bereavement,,1,tried A`,
    ]);
    // Days the calendar lacks, and months and days no calendar has (these once threw before the check: a 500).
    for (const query of ['from=2026-02-30', 'from=2026-13-01', 'to=2026-00-10', 'from=2026-01-32', 'to=0000-01-01']) {
      const bad = await fetch(`${s.url}/exports/unmet-need.csv?${query}`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect([query, bad.status]).toEqual([query, 400]);
      expect(await bad.text()).toMatch(/Give a real date, like 2026-11-30/);
    }
  });
});
