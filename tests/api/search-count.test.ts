import { sql } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../drizzle/schema';
import { rowsOf } from '../../schema/domain/rows';
import { cappedCountSql, SEARCH_COUNT_CAP, setSearchCountCap } from '../../schema/domain/search-count';
import { startServer, type TestServer } from '../setup/server';

// The directory's "N services found" is counted only up to a cap (totalCountCapped), so a broad
// search stays cheap at any size; totalCount stays exact. The cap is lowered here to reach it on
// the demo data.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());
afterEach(() => setSearchCountCap(SEARCH_COUNT_CAP));

const SEARCH = `query($filter: ServiceFilter) { services(first: 2, filter: $filter) {
  totalCount totalCountCapped { count capped } edges { node { id } } } }`;
const CAPPED_ONLY = `query($filter: ServiceFilter) { services(first: 2, filter: $filter) {
  totalCountCapped { count capped } edges { node { id } } } }`;

describe('totalCountCapped', () => {
  it('is exact below the cap, and says "more than" at it while totalCount stays exact', async () => {
    const all = await s.gql(SEARCH, { filter: {} });
    expect(all.errors).toBeUndefined();
    const total = all.data.services.totalCount as number;
    expect(total).toBeGreaterThan(5);
    // The real cap is far above the demo directory: exact.
    expect(all.data.services.totalCountCapped).toEqual({ count: total, capped: false });

    setSearchCountCap(total);
    const atCap = await s.gql(SEARCH, { filter: {} });
    expect(atCap.data.services.totalCountCapped).toEqual({ count: total, capped: false });

    setSearchCountCap(total - 1);
    const above = await s.gql(SEARCH, { filter: {} });
    expect(above.data.services.totalCountCapped).toEqual({ count: total - 1, capped: true });
    expect(above.data.services.totalCount).toBe(total);

    setSearchCountCap(3);
    const low = await s.gql(SEARCH, { filter: {} });
    expect(low.data.services.totalCountCapped).toEqual({ count: 3, capped: true });
    expect(low.data.services.totalCount).toBe(total);
  });

  it('counts the same matches as totalCount with a filter and with a radius', async () => {
    for (const filter of [
      { text: 'speech' },
      { age: 9, commissionableOnly: true },
      { near: { latitude: 51.45, longitude: -0.03 }, withinKm: 3 },
      { text: 'no listing says xyzzy' },
    ]) {
      const res = await s.gql(SEARCH, { filter });
      expect(res.errors).toBeUndefined();
      expect(res.data.services.totalCountCapped).toEqual({ count: res.data.services.totalCount, capped: false });
    }
  });

  it('costs one statement beside the page, like totalCount', async () => {
    const exact = await s.gql(SEARCH.replace('totalCountCapped { count capped }', ''), { filter: { text: 'club' } });
    const capped = await s.gql(CAPPED_ONLY, { filter: { text: 'club' } });
    expect(capped.errors).toBeUndefined();
    expect(capped.statements).toBe(exact.statements);
  });

  it('follows its own connection when a query searches twice under aliases', async () => {
    const res =
      await s.gql(`{ a: services(filter: { text: "no listing says xyzzy" }) { totalCountCapped { count capped } }
      b: services { totalCount totalCountCapped { count capped } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.a.totalCountCapped).toEqual({ count: 0, capped: false });
    expect(res.data.b.totalCountCapped).toEqual({ count: res.data.b.totalCount, capped: false });
    expect(res.data.b.totalCount).toBeGreaterThan(0);
  });

  it('stops reading at the cap: its plan has a Limit under the count', async () => {
    // Without the limit the answer would be the same (capped at the cap), only as slow as totalCount.
    const where = sql`${services.status} = 'PUBLISHED'`;
    const [plan] = rowsOf(await s.db.execute(sql`explain (format json) ${cappedCountSql(where, 1001)}`));
    expect(JSON.stringify(plan)).toMatch(/"Node Type":\s*"Limit"/);
  });
});
