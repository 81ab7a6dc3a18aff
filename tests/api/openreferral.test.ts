import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, organisations, serviceLocations, services, zones } from '../../drizzle/schema';
import { generatedZone } from '../oruk/fixtures';
import { type ENDPOINT_SCHEMAS, schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Every Open Referral UK endpoint, over every demo listing and a large generated set, checked
// against the standard's compiled JSON Schemas with ajv: 0 errors.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

type Schema = keyof typeof ENDPOINT_SCHEMAS;
// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

async function get(path: string) {
  // A GET may be retried once: a kept-alive socket can be closed by the server just as it is
  // reused, after PGlite has held the event loop (generating listings) past the keep-alive timeout.
  const res = await fetch(`${s.url}/openreferral/${path}`).catch(() => fetch(`${s.url}/openreferral/${path}`));
  return { status: res.status, headers: res.headers, body: (await res.json()) as Json };
}

/** GETs, expects 200 and a body valid against the endpoint's schema. */
async function valid(path: string, schema: Schema) {
  const res = await get(path);
  expect(res.status, path).toBe(200);
  expect(schemaErrors(schema, res.body), path).toEqual([]);
  return res.body;
}

/** Every page of a list, each validated; then each item fetched by id and validated. */
async function walk(zone: string, collection: string, listSchema: Schema, itemSchema: Schema, perPage = 10) {
  const items: Json[] = [];
  let page = 1;
  for (;;) {
    const body = await valid(`${zone}/${collection}?per_page=${perPage}&page=${page}`, listSchema);
    items.push(...body.contents);
    expect(body.page_number).toBe(page);
    if (body.last_page) {
      expect(items.length).toBe(body.total_items);
      break;
    }
    page++;
  }
  for (const item of items) {
    const one = await valid(`${zone}/${collection}/${item.id}`, itemSchema);
    expect(one.id).toBe(item.id);
  }
  return items;
}

describe('the demo zone’s feed', () => {
  it('answers the version document, to any origin', async () => {
    const res = await get('demo/');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(schemaErrors('root', res.body)).toEqual([]);
    expect(res.body.version).toBe('HSDS-UK-3.0');
    expect(res.body.openapi_url).toMatch(/^https:\/\//);
  });

  it('publishes every published demo listing, and nothing else, valid against service.json', async () => {
    const items = await walk('demo', 'services', 'services', 'service', 7);
    const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const published = await s.db
      .select({ uuid: services.uuid })
      .from(services)
      .where(and(eq(services.zoneId, demo!.id), eq(services.status, 'PUBLISHED')));
    expect(published.length).toBeGreaterThan(50);
    expect(items.map((i) => i.id).sort()).toEqual(published.map((p) => p.uuid).sort());
    // Lists carry the full record too (importers page /services), valid as a full service.
    for (const item of items) expect(schemaErrors('service', item)).toEqual([]);
  });

  it('publishes each venue of each published listing as a service_at_location', async () => {
    const items = await walk('demo', 'service_at_locations', 'serviceAtLocations', 'serviceAtLocation');
    const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const expected = await s.db
      .select({ uuid: serviceLocations.uuid })
      .from(serviceLocations)
      .innerJoin(services, eq(services.id, serviceLocations.serviceId))
      .where(and(eq(services.zoneId, demo!.id), eq(services.status, 'PUBLISHED')));
    expect(items.map((i) => i.id).sort()).toEqual(expected.map((e) => e.uuid).sort());
  });

  it('publishes organisations with published listings, each with its services', async () => {
    const items = await walk('demo', 'organizations', 'organizations', 'organization');
    expect(items.length).toBeGreaterThan(20);
    const [org] = await s.db.select().from(organisations).where(eq(organisations.name, 'Riverside Family Therapy'));
    const one = await valid(`demo/organizations/${org!.uuid}`, 'organization');
    expect(one.services.length).toBeGreaterThan(0);
    expect(one.services.every((x: Json) => x.status === 'active')).toBe(true);
  });

  it('publishes the taxonomies and every term', async () => {
    const taxonomies = await walk('demo', 'taxonomies', 'taxonomies', 'taxonomy');
    expect(taxonomies.map((t) => t.name)).toContain('Partnership portal categories');
    const terms = await walk('demo', 'taxonomy_terms', 'taxonomyTerms', 'taxonomyTerm', 25);
    expect(terms.length).toBeGreaterThan(30);
    // Sub-categories point at their parent.
    expect(terms.filter((t) => t.parent_id).every((t) => terms.some((p) => p.id === t.parent_id))).toBe(true);
  });

  it('never publishes children, prices, capacity or commissions', async () => {
    const body = JSON.stringify((await get('demo/services?per_page=100')).body);
    const names = await s.db.select({ firstName: children.firstName }).from(children);
    expect(names.length).toBeGreaterThan(0);
    for (const { firstName } of names) expect(body).not.toMatch(new RegExp(`\\b${firstName}\\b`));
    for (const key of ['unitPrice', 'capacity', 'commission', 'budget', 'zoneId']) expect(body).not.toContain(key);
  });
});

describe('a large generated feed', () => {
  it('400 generated listings with every part validate on every endpoint', async () => {
    await generatedZone(s.db, 'generated', 400);
    const items = await walk('generated', 'services', 'services', 'service', 100);
    expect(items.length).toBe(400);
    // The generator gave them every part; the feed carries them.
    for (const key of ['schedules', 'languages', 'cost_options', 'contacts', 'service_areas'])
      expect(
        items.some((i) => i[key].length > 0),
        key,
      ).toBe(true);
    const sals = await walk('generated', 'service_at_locations', 'serviceAtLocations', 'serviceAtLocation', 100);
    expect(sals.length).toBeGreaterThan(400);
    expect(sals.some((x) => x.location.accessibility.length > 0)).toBe(true);
    await walk('generated', 'organizations', 'organizations', 'organization', 1);
  }, 300_000);

  it('caps per_page at 100', async () => {
    const body = await valid('generated/services?per_page=100000', 'services');
    expect(body).toMatchObject({ size: 100, total_items: 400, total_pages: 4, first_page: true, last_page: false });
  });

  it('answers any page in the same number of SQL statements', async () => {
    for (const collection of ['services', 'service_at_locations', 'organizations', 'taxonomy_terms']) {
      const counts = new Set<number>();
      for (const q of ['per_page=1', 'per_page=100', 'per_page=100&page=3', 'per_page=7&page=2&search=family'])
        counts.add(Number((await get(`generated/${collection}?${q}`)).headers.get('x-sql-statements')));
      expect([...counts], collection).toHaveLength(1);
      expect([...counts][0]).toBeLessThanOrEqual(3);
    }
  });
});
