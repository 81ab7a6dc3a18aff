import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postcodes, schools, services } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

type Node = {
  id: string;
  name: string;
  status: string;
  minAge: number;
  maxAge: number;
  deliveryModes: string[];
  unitPricePence: number | null;
  commissionable: boolean;
  capacity: number | null;
  distanceKm: number | null;
  stale: boolean;
  organisation: { name: string };
  categories: { slug: string; parent: { slug: string } | null }[];
  locations: { postcode: string }[];
};

const SEARCH = `query($first: Int, $after: String, $filter: ServiceFilter) {
  services(first: $first, after: $after, filter: $filter) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node {
      id name status minAge maxAge deliveryModes unitPricePence commissionable capacity distanceKm stale
      organisation { name } categories { slug parent { slug } } locations { postcode }
    } }
  }
}`;

type Page = {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor: string };
  nodes: Node[];
  statements: number;
};

async function search(
  filter: Record<string, unknown> = {},
  first = 100,
  token?: string,
  after?: string,
): Promise<Page> {
  const res = await s.gql(SEARCH, { first, after, filter }, token);
  if (res.errors) throw new Error(JSON.stringify(res.errors));
  const conn = res.data.services;
  return { ...conn, nodes: conn.edges.map((e: { node: Node }) => e.node) as Node[], statements: res.statements };
}

const demoZonePublished = async () =>
  s.db.$count(
    services,
    and(eq(services.status, 'PUBLISHED'), sql`${services.zoneId} = (select id from zones where slug = 'demo')`),
  );

describe('who sees which listings', () => {
  it('signed out: every published listing, nothing else', async () => {
    const all = await search({}, 100);
    const published = await s.db.$count(services, eq(services.status, 'PUBLISHED'));
    expect(all.totalCount).toBe(published);
    expect(all.nodes.every((n) => n.status === 'PUBLISHED')).toBe(true);
    expect(all.nodes.map((n) => n.name)).not.toContain('Online parent coaching'); // a draft
    expect(all.nodes.map((n) => n.name)).not.toContain('Dads’ group'); // archived
  });

  it('signed in: the zone’s published listings; a provider also sees its own drafts and archives', async () => {
    const lw = await search({}, 100, await s.signIn('linkworker@demo.test'));
    expect(lw.totalCount).toBe(await demoZonePublished());
    expect(lw.nodes.some((n) => n.name.startsWith('Northfield'))).toBe(false);
    const provider = await search({}, 100, await s.signIn('provider@demo.test'));
    expect(provider.totalCount).toBe(lw.totalCount + 1);
    expect(provider.nodes.find((n) => n.name === 'Online parent coaching')?.status).toBe('DRAFT');
    const provider2 = await search({}, 100, await s.signIn('provider2@demo.test'));
    expect(provider2.nodes.map((n) => n.name)).not.toContain('Online parent coaching');
    const otherZone = await search({ text: 'secret draft' }, 100, await s.signIn('commissioner@demo.test'));
    expect(otherZone.totalCount).toBe(0);
  });

  it('has at least 60 published services from at least 20 organisations in the demo zone', async () => {
    const lw = await search({}, 100, await s.signIn('linkworker@demo.test'));
    expect(lw.totalCount).toBeGreaterThanOrEqual(60);
    expect(new Set(lw.nodes.map((n) => n.organisation.name)).size).toBeGreaterThanOrEqual(20);
  });
});

describe('free text', () => {
  it('is stemmed: "therapies" finds therapy listings', async () => {
    const res = await search({ text: 'therapies' });
    expect(res.nodes.map((n) => n.name)).toEqual(
      expect.arrayContaining(['Family therapy sessions', 'Child play therapy']),
    );
  });

  it('ranks a name match above a description-only match', async () => {
    // A listing that sorts first by name mentions circus only in its description: by name order
    // it would come first, so only ranking puts it after the three with circus in their names.
    const [first] = await s.db
      .select()
      .from(services)
      .where(and(eq(services.status, 'PUBLISHED'), sql`${services.name} !~* 'circus'`))
      .orderBy(services.name)
      .limit(1);
    await s.db
      .update(services)
      .set({ description: `${first!.description} Includes a circus skills taster.` })
      .where(eq(services.id, first!.id));
    try {
      const res = await search({ text: 'circus' });
      expect(new Set(res.nodes.slice(0, 3).map((n) => n.name))).toEqual(
        new Set(['After-school circus club', 'Circus in schools', 'Holiday circus camp']),
      );
      expect(res.nodes.map((n) => n.name).slice(-1)).toEqual([first!.name]);
    } finally {
      await s.db.update(services).set({ description: first!.description }).where(eq(services.id, first!.id));
    }
  });

  it('searches organisation and category names too', async () => {
    const byOrg = await search({ text: 'Little Lanterns' });
    expect(byOrg.nodes.length).toBeGreaterThan(0);
    expect(byOrg.nodes.every((n) => n.organisation.name === 'Little Lanterns Bereavement Care')).toBe(true);
    const byCategory = await search({ text: 'bereavement' });
    expect(byCategory.nodes.map((n) => n.name)).toContain('Child play therapy'); // filed under Bereavement support
  });

  it('returns nothing, not an error, for text that matches nothing or is only punctuation', async () => {
    expect((await search({ text: 'xylophone quantum' })).totalCount).toBe(0);
    // Punctuation alone makes an empty query: no matches, and no error (search() throws on errors).
    expect((await search({ text: '!!! &&& ||' })).totalCount).toBe(0);
  });
});

describe('filters', () => {
  it('category: a sub-category, and a top level including its sub-categories', async () => {
    const sub = await search({ categorySlugs: ['circus'] });
    expect(sub.nodes.length).toBeGreaterThan(0);
    expect(sub.nodes.every((n) => n.categories.some((c) => c.slug === 'circus'))).toBe(true);
    const top = await search({ categorySlugs: ['positive-activities'] });
    expect(top.nodes.every((n) => n.categories.some((c) => c.parent?.slug === 'positive-activities'))).toBe(true);
    expect(top.totalCount).toBeGreaterThan(sub.totalCount);
  });

  it('age', async () => {
    const res = await search({ age: 4 });
    expect(res.nodes.length).toBeGreaterThan(0);
    expect(res.nodes.every((n) => n.minAge <= 4 && n.maxAge >= 4)).toBe(true);
    expect(res.totalCount).toBeLessThan((await search()).totalCount);
  });

  it('delivery modes (any of)', async () => {
    const res = await search({ deliveryModes: ['HOME', 'ONLINE'] });
    expect(res.nodes.length).toBeGreaterThan(0);
    expect(res.nodes.every((n) => n.deliveryModes.includes('HOME') || n.deliveryModes.includes('ONLINE'))).toBe(true);
  });

  it('free only, and maximum price (free listings count as under any maximum)', async () => {
    const free = await search({ freeOnly: true });
    expect(free.nodes.length).toBeGreaterThan(0);
    expect(free.nodes.every((n) => n.unitPricePence === null)).toBe(true);
    const cheap = await search({ maxUnitPricePence: 2000 });
    expect(cheap.nodes.every((n) => n.unitPricePence === null || n.unitPricePence <= 2000)).toBe(true);
    expect(cheap.nodes.some((n) => n.unitPricePence !== null)).toBe(true);
  });

  it('commissionable only, and has capacity', async () => {
    const c = await search({ commissionableOnly: true });
    expect(c.nodes.length).toBeGreaterThan(0);
    expect(c.nodes.every((n) => n.commissionable)).toBe(true);
    const places = await search({ hasCapacity: true });
    expect(places.nodes.every((n) => n.capacity === null || n.capacity > 0)).toBe(true);
    expect(places.nodes.map((n) => n.name)).not.toContain('Holiday circus camp'); // capacity 0
  });

  it('combines filters', async () => {
    const res = await search({
      commissionableOnly: true,
      age: 9,
      deliveryModes: ['IN_SCHOOL'],
      maxUnitPricePence: 4000,
    });
    expect(res.nodes.length).toBeGreaterThan(0);
    for (const n of res.nodes) {
      expect(n.commissionable && n.minAge <= 9 && n.maxAge >= 9 && n.deliveryModes.includes('IN_SCHOOL')).toBe(true);
      expect(n.unitPricePence).toBeLessThanOrEqual(4000);
    }
  });
});

describe('distance', () => {
  it('orders by distance from a point, sets distanceKm, and puts listings without a location last', async () => {
    const res = await search({ near: { latitude: 51.4452, longitude: -0.0207 } });
    const distances = res.nodes.map((n) => n.distanceKm);
    const located = distances.filter((d): d is number => d !== null);
    expect(located.length).toBeGreaterThan(10);
    expect(located).toEqual([...located].sort((a, b) => a - b));
    expect(distances.indexOf(null) === -1 || distances.slice(distances.indexOf(null)).every((d) => d === null)).toBe(
      true,
    );
  });

  it('filters by withinKm, and totalCount agrees', async () => {
    const res = await search({ near: { latitude: 51.4452, longitude: -0.0207 }, withinKm: 1.5 });
    expect(res.nodes.length).toBeGreaterThan(0);
    expect(res.nodes.every((n) => n.distanceKm !== null && n.distanceKm <= 1.5)).toBe(true);
    expect(res.totalCount).toBe(res.nodes.length);
    expect(res.totalCount).toBeLessThan((await search()).totalCount);
  });

  it('measures from a full postcode, an outward code, or a school', async () => {
    const [pc] = await s.db.select().from(postcodes).limit(1);
    const byPostcode = await search({ nearPostcode: pc!.postcode.toLowerCase().replace(' ', '') });
    const byPoint = await search({ near: { latitude: pc!.latitude, longitude: pc!.longitude } });
    expect(byPostcode.nodes.map((n) => n.id)).toEqual(byPoint.nodes.map((n) => n.id));
    const byOutward = await search({ nearPostcode: pc!.postcode.split(' ')[0] });
    expect(byOutward.nodes[0]!.distanceKm).not.toBeNull();
    const [school] = await s.db.select().from(schools).limit(1);
    const bySchool = await search(
      { nearSchoolId: globalId('School', school!.id) },
      100,
      await s.signIn('linkworker@demo.test'),
    );
    expect(bySchool.nodes[0]!.distanceKm).not.toBeNull();
  });

  it('an unknown or malformed postcode is a validation error naming the field', async () => {
    for (const nearPostcode of ['ZZ99 9ZZ', 'not a postcode']) {
      const res = await s.gql(SEARCH, { filter: { nearPostcode } });
      expect(res.data).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([
        { path: ['filter', 'nearPostcode'], message: expect.any(String) },
      ]);
    }
  });

  it('a radius with no place to measure from is a validation error on withinKm, not ignored', async () => {
    const res = await s.gql(SEARCH, { filter: { withinKm: 5 } });
    expect(res.data).toBeNull();
    expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([
      { path: ['filter', 'withinKm'], message: expect.stringContaining('a place to measure from') },
    ]);
  });

  it('two places to measure from is a validation error on the second, not a silent choice', async () => {
    const [pc] = await s.db.select().from(postcodes).limit(1);
    const [school] = await s.db.select().from(schools).limit(1);
    const token = await s.signIn('linkworker@demo.test');
    const near = { latitude: 51.4452, longitude: -0.0207 };
    const nearSchoolId = globalId('School', school!.id);
    const message = 'Give one place to measure from: near, nearPostcode or nearSchoolId, not more than one';
    for (const [filter, field] of [
      [{ near, nearPostcode: pc!.postcode }, 'nearPostcode'],
      [{ near, nearSchoolId }, 'nearSchoolId'],
      [{ nearPostcode: pc!.postcode, nearSchoolId }, 'nearSchoolId'],
      [{ near, nearPostcode: pc!.postcode, nearSchoolId }, 'nearSchoolId'],
    ] as const) {
      const res = await s.gql(SEARCH, { filter }, token);
      expect(res.data, field).toBeNull();
      expect(res.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      expect(res.errors?.[0]?.extensions?.fieldErrors).toEqual([{ path: ['filter', field], message }]);
    }
  });

  it('rejects out-of-range input', async () => {
    for (const filter of [
      { near: { latitude: 91, longitude: 0 } },
      { age: -1 },
      { withinKm: 0 },
      { maxUnitPricePence: -5 },
      { freeOnly: true, maxUnitPricePence: 100 },
    ]) {
      const res = await s.gql(SEARCH, { filter });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(filter)).toBe('BAD_USER_INPUT');
    }
  });
});

describe('ordering and pagination', () => {
  it('orders by name when there is no text or point', async () => {
    const names = (await search()).nodes.map((n) => n.name);
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
  });

  it('pages with cursors through every result exactly once, for each ordering', async () => {
    for (const filter of [
      {},
      { text: 'support' },
      { near: { latitude: 51.46, longitude: -0.03 } },
      { near: { latitude: 51.46, longitude: -0.03 }, withinKm: 3 },
    ]) {
      const everything = (await search(filter, 100)).nodes.map((n) => n.id);
      const seen: string[] = [];
      let after: string | undefined;
      for (;;) {
        const page = await search(filter, 7, undefined, after);
        seen.push(...page.nodes.map((n) => n.id));
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(seen).toEqual(everything);
    }
  });

  it('refuses more than 100 a page', async () => {
    const res = await s.gql(SEARCH, { first: 101 });
    expect(res.errors?.length).toBeGreaterThan(0);
    expect(res.data?.services ?? null).toBeNull();
  });

  it('flags listings unreviewed for six months as stale', async () => {
    const nodes = (await search()).nodes;
    expect(nodes.find((n) => n.name === 'Saturday drama club')?.stale).toBe(true);
    expect(nodes.find((n) => n.name === 'Family therapy sessions')?.stale).toBe(false);
  });
});

describe('SQL statements per page', () => {
  const PAGE = `query($first: Int, $filter: ServiceFilter) { services(first: $first, filter: $filter) {
    edges { node { name organisation { name } categories { name parent { name } } locations { postcode } } } } }`;
  const PAGE_WITH_COUNT = PAGE.replace('edges {', 'totalCount edges {');

  // Nearest-first pages take one more: the distance index picks the page's candidates first.
  it('is one statement for a page of 20 or of 100, plus one for totalCount, plus one for distance', async () => {
    const counts: Record<string, number> = {};
    const published = await s.db.$count(services, eq(services.status, 'PUBLISHED'));
    expect(published).toBeGreaterThan(20);
    for (const first of [20, 100]) {
      const page = await s.gql(PAGE, { first });
      expect(page.data.services.edges.length).toBe(Math.min(first, published));
      counts[`page ${first}`] = page.statements;
      counts[`page ${first} + count`] = (await s.gql(PAGE_WITH_COUNT, { first })).statements;
      counts[`page ${first} text + point + count`] = (
        await s.gql(PAGE_WITH_COUNT, {
          first,
          filter: { text: 'family', near: { latitude: 51.45, longitude: -0.02 }, withinKm: 20 },
        })
      ).statements;
    }
    expect(counts).toEqual({
      'page 20': 1,
      'page 20 + count': 2,
      'page 20 text + point + count': 3,
      'page 100': 1,
      'page 100 + count': 2,
      'page 100 text + point + count': 3,
    });
  });

  it('adds one statement when signed in (the session lookup), and one to look up a postcode', async () => {
    const token = await s.signIn('linkworker@demo.test');
    expect((await s.gql(PAGE, { first: 50 }, token)).statements).toBe(2);
    // The postcode, the nearest candidates by index, the page.
    expect((await s.gql(PAGE, { first: 50, filter: { nearPostcode: 'SE6' } })).statements).toBe(3);
  });
});

describe('partnerships', () => {
  it('the public can list partnerships and search one of them only', async () => {
    const list = await s.gql('{ partnerships { slug name } }');
    expect(list.data.partnerships).toEqual([
      { slug: 'other', name: 'Northfield Partnership' },
      { slug: 'demo', name: 'Ravensbourne Early Help Partnership' },
    ]);
    const demo = await search({ zoneSlug: 'demo' });
    expect(demo.totalCount).toBe(await demoZonePublished());
    expect(demo.nodes.some((n) => n.name.startsWith('Northfield'))).toBe(false);
    const other = await search({ zoneSlug: 'other' });
    expect(other.nodes.map((n) => n.name).sort()).toEqual(['Northfield family therapy', 'Northfield youth club']);
    expect((await search({ zoneSlug: 'nowhere' })).totalCount).toBe(0);
  });
});
