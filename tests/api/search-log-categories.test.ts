import { readFileSync } from 'node:fs';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { categories, children, searchLogs, zones } from '../../drizzle/schema';
import DEMO_UNMET_NEED from '../../server/seed/data/demo-unmet-need.json';
import { userId } from '../setup/money';
import { startServer, type TestServer } from '../setup/server';

// Issue 12 point 7 (outside audit): a category slug is free text, so a link worker's search could put a
// child's name and reference into the log, the unmet-need report and its CSV as a "category". Only slugs of
// the taxonomy are logged and named; a search naming no known category is not logged.

let s: TestServer;
let child: { firstName: string | null; lastName: string | null; reference: string };
let demoZoneId: number;
beforeAll(async () => {
  s = await startServer();
  const [first] = await s.db
    .select({ firstName: children.firstName, lastName: children.lastName, reference: children.reference })
    .from(children)
    .where(eq(children.linkWorkerId, await userId(s.db, 'linkworker@demo.test')))
    .orderBy(asc(children.id))
    .limit(1);
  child = first!;
  const [demo] = await s.db.select({ id: zones.id }).from(zones).where(eq(zones.slug, 'demo'));
  demoZoneId = demo!.id;
});
afterAll(() => s.close());
beforeEach(async () => {
  await s.db.delete(searchLogs);
});

const SEARCH = `query($filter: ServiceFilter) { services(first: 5, filter: $filter) { edges { node { id } } } }`;
const REPORT = `{ unmetNeedReport { searches noResultSearchCount
  noResultSearches { queryText categorySlug categoryName count } } }`;

/** The report and the CSV, as the demo zone's commissioner sees them. */
async function reportAndCsv() {
  const token = await s.signIn('commissioner@demo.test');
  const report = await s.gql(REPORT, {}, token);
  expect(report.errors).toBeUndefined();
  const csv = await (
    await fetch(`${s.url}/exports/unmet-need.csv`, { headers: { authorization: `Bearer ${token}` } })
  ).text();
  return { report: report.data.unmetNeedReport, csv };
}

function expectNoChild(text: string) {
  for (const word of [child.firstName!, child.lastName!, child.reference])
    expect(text.toLowerCase()).not.toContain(word.toLowerCase());
}

/** A no-result search row as the old code wrote it: its slugs as given. */
const planted = (queryText: string, categorySlugs: string[]) => ({
  zoneId: demoZoneId,
  queryText,
  categorySlugs,
  resultCount: 0,
  signedIn: true,
  searchedAt: new Date('2026-11-20T10:00:00Z'),
});

describe('search log: category slugs', () => {
  it('a slug holding a child’s name and reference matches nothing and reaches neither the log, report nor CSV', async () => {
    const lw = await s.signIn('linkworker@demo.test');
    const personal = `${child.firstName} ${child.lastName} ${child.reference}`;
    // The audit's reproduction: no error, no results.
    const alone = await s.gql(SEARCH, { filter: { categorySlugs: [personal] } }, lw);
    expect(alone.errors).toBeUndefined();
    expect(alone.data.services.edges).toEqual([]);
    // Beside a real slug: the real one is kept and named, the other dropped.
    const mixed = await s.gql(
      SEARCH,
      { filter: { text: 'zqxj nothing', categorySlugs: [personal, 'family-support'] } },
      lw,
    );
    expect(mixed.data.services.edges).toEqual([]);
    await expect.poll(() => s.db.$count(searchLogs), { timeout: 10_000 }).toBeGreaterThanOrEqual(1);
    await new Promise((r) => setTimeout(r, 300)); // the search naming no known category is not logged
    const { report, csv } = await reportAndCsv();
    // What the audit saw: the name and reference as a category in the report and the CSV.
    expectNoChild(JSON.stringify(report));
    expectNoChild(csv);
    expect(report).toEqual({
      searches: 1,
      noResultSearchCount: 1,
      noResultSearches: [
        { queryText: 'zqxj nothing', categorySlug: 'family-support', categoryName: 'Family support', count: 1 },
      ],
    });
    expect(csv).toContain('search with no results,,Family support,,zqxj nothing,1,');
    const rows = await s.db.select().from(searchLogs);
    expect(rows.map((r) => [r.queryText, r.categorySlugs, r.resultCount])).toEqual([
      ['zqxj nothing', ['family-support'], 0],
    ]);
  });

  it('rows logged before the fix: an unknown slug is never shown, a row with no known category is left out', async () => {
    const personal = `${child.firstName} ${child.lastName} ${child.reference}`;
    await s.db
      .insert(searchLogs)
      .values([
        planted('', [personal]),
        planted('sleep', ['family-support', personal]),
        planted('anxiety', []),
        planted('eating disorder', ['mental-health']),
      ]);
    const { report, csv } = await reportAndCsv();
    expect(report).toEqual({
      searches: 2,
      noResultSearchCount: 2,
      noResultSearches: [
        { queryText: 'anxiety', categorySlug: null, categoryName: null, count: 1 },
        { queryText: 'sleep', categorySlug: 'family-support', categoryName: 'Family support', count: 1 },
      ],
    });
    // (The demo seed's needs with no service follow; only the searches are planted here.)
    expect(csv.split('\n').filter((line) => line.startsWith('search with no results'))).toEqual([
      'search with no results,,,,anxiety,1,',
      'search with no results,,Family support,,sleep,1,',
    ]);
    expectNoChild(JSON.stringify(report));
    expectNoChild(csv);
    expect(csv).not.toContain('mental-health');
  });

  it('the migration cleans rows written so far the same way', async () => {
    const personal = `${child.firstName} ${child.lastName} ${child.reference}`;
    await s.db
      .insert(searchLogs)
      .values([
        planted('a', [personal]),
        planted('b', ['youth-work', personal, 'family-support']),
        planted('c', []),
        planted('d', ['counselling']),
      ]);
    const file = new URL(
      '../../drizzle/migrations/20261204102323_search_log_known_categories/migration.sql',
      import.meta.url,
    );
    for (const statement of readFileSync(file, 'utf8').split('--> statement-breakpoint'))
      await s.db.execute(sql.raw(statement));
    const rows = await s.db.select().from(searchLogs).orderBy(asc(searchLogs.queryText));
    expect(rows.map((r) => [r.queryText, r.categorySlugs])).toEqual([
      ['b', ['family-support', 'youth-work']],
      ['c', []],
      ['d', ['counselling']],
    ]);
  });

  it('the demo seed’s unmet-need searches use categories of the taxonomy', async () => {
    const slugs = new Set((await s.db.select({ slug: categories.slug }).from(categories)).map((c) => c.slug));
    const used = DEMO_UNMET_NEED.searches.flatMap((x) => (x.category ? [x.category] : []));
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((slug) => !slugs.has(slug))).toEqual([]);
  });
});
