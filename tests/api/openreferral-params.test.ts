import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, postcodes, serviceAttributes, services, taxonomies, taxonomyTerms } from '../../drizzle/schema';
import { categoryUuid, PORTAL_TAXONOMY } from '../../schema/domain/openreferral/ids';
import { categoryIdsBySlug, createZone, saveListings } from '../oruk/fixtures';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Each query parameter of the Open Referral API, on three listings built to tell them apart.
let s: TestServer;
let ids: { A: string; B: string; C: string; O1: string; O2: string; term: string; taxonomy: string };
let near: { postcode: string; latitude: number; longitude: number };
let orgIds: number[] = [];
const base = {
  description: 'A test listing',
  deliveryModes: ['COMMUNITY_VENUE'],
  commissionable: false,
  evidenceLevel: 'NONE',
  districtIds: [],
};

beforeAll(async () => {
  s = await startServer();
  const cats = await categoryIdsBySlug(s.db);
  const { zone, orgs } = await createZone(s.db, 'params', ['Org one', 'Org two']);
  const [first] = await s.db.select().from(postcodes).limit(1);
  near = first!;
  await s.db.insert(postcodes).values({ postcode: 'M1 1AE', latitude: 53.48, longitude: -2.24 });
  const venue = (name: string, p: { postcode: string; latitude: number; longitude: number }) => ({
    name,
    address: '1 High Street, London',
    ...p,
  });
  const [A] = await saveListings(s.db, { zoneId: zone.id, organisationId: orgs[0]!.id }, [
    {
      ...base,
      name: 'Alpha zebrafish club',
      categoryIds: [cats.get('counselling')],
      minAge: 5,
      maxAge: 10,
      locations: [venue('Near', near)],
      schedules: [{ days: ['SA'], opensAt: '10:00', closesAt: '12:00' }],
    },
  ]);
  const [B, C] = await saveListings(s.db, { zoneId: zone.id, organisationId: orgs[1]!.id }, [
    {
      ...base,
      name: 'Bravo evening group',
      categoryIds: [cats.get('family-therapy')],
      minAge: 12,
      maxAge: 18,
      locations: [venue('Far', { postcode: 'M1 1AE', latitude: 53.48, longitude: -2.24 })],
      schedules: [{ days: ['MO', 'WE'], opensAt: '16:30', closesAt: '19:00' }],
    },
    {
      ...base,
      name: 'Charlie draft',
      deliveryModes: ['ONLINE'],
      categoryIds: [cats.get('counselling')],
      minAge: 0,
      maxAge: 25,
      locations: [],
    },
  ]);
  await s.db.update(services).set({ status: 'DRAFT' }).where(eq(services.id, C!));
  // B carries a term of another taxonomy (as an imported listing would).
  const [tax] = await s.db
    .insert(taxonomies)
    .values({ uuid: crypto.randomUUID(), name: 'esd service list' })
    .returning();
  const [term] = await s.db
    .insert(taxonomyTerms)
    .values({ uuid: crypto.randomUUID(), taxonomyId: tax!.id, code: '47', name: 'Family support' })
    .returning();
  await s.db.insert(serviceAttributes).values({ serviceId: B!, taxonomyTermId: term!.id });
  // B changed later than A.
  await s.db
    .update(services)
    .set({ updatedAt: new Date('2026-01-01T00:00:00Z') })
    .where(eq(services.id, A!));
  await s.db
    .update(services)
    .set({ updatedAt: new Date('2026-06-01T00:00:00Z') })
    .where(eq(services.id, B!));
  // Their organisations last changed before either.
  await s.db
    .update(organisations)
    .set({ updatedAt: new Date('2025-06-01T00:00:00Z') })
    .where(inArray(organisations.id, [orgs[0]!.id, orgs[1]!.id]));
  orgIds = [orgs[0]!.id, orgs[1]!.id];
  const rows = await s.db
    .select()
    .from(services)
    .where(inArray(services.id, [A!, B!, C!]));
  const uuidOf = (id: number) => rows.find((r) => r.id === id)!.uuid;
  ids = {
    A: uuidOf(A!),
    B: uuidOf(B!),
    C: uuidOf(C!),
    O1: orgs[0]!.uuid,
    O2: orgs[1]!.uuid,
    term: term!.uuid,
    taxonomy: tax!.uuid,
  };
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
async function get(path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.url}/openreferral/params/${path}`);
  return { status: res.status, body: await res.json() };
}

/** The names a query returns (services and service_at_locations agree). */
async function names(query: string): Promise<string[]> {
  const res = await get(`services?${query}`);
  expect(res.status, query).toBe(200);
  expect(schemaErrors('services', res.body)).toEqual([]);
  const sal = await get(`service_at_locations?${query}`);
  expect(sal.status, query).toBe(200);
  const withVenue = res.body.contents.filter((x: { service_at_locations: unknown[] }) => x.service_at_locations.length);
  expect(sal.body.contents.map((x: { service: { name: string } }) => x.service.name)).toEqual(
    withVenue.map((x: { name: string }) => x.name),
  );
  return res.body.contents.map((x: { name: string }) => x.name);
}

const A = 'Alpha zebrafish club';
const B = 'Bravo evening group';

describe('Open Referral query parameters', () => {
  it('no parameters: published listings only, by name', async () => {
    expect(await names('')).toEqual([A, B]);
  });
  it('search', async () => {
    expect(await names('search=zebrafish')).toEqual([A]);
    expect(await names('search=nothing-like-this')).toEqual([]);
  });
  it('taxonomy_term_id: our category, its parent, or another taxonomy’s term', async () => {
    expect(await names(`taxonomy_term_id=${categoryUuid('counselling')}`)).toEqual([A]);
    expect(await names(`taxonomy_term_id=${categoryUuid('emotional-wellbeing')}`)).toEqual([A]);
    expect(await names(`taxonomy_term_id=${ids.term}`)).toEqual([B]);
  });
  it('taxonomy_id', async () => {
    expect(await names(`taxonomy_id=${ids.taxonomy}`)).toEqual([B]);
    expect(await names(`taxonomy_id=${PORTAL_TAXONOMY.id}`)).toEqual([A, B]);
  });
  it('organization_id', async () => {
    expect(await names(`organization_id=${ids.O1}`)).toEqual([A]);
    expect(await names(`organization_id=${ids.O2}`)).toEqual([B]);
  });
  it('minimum_age and maximum_age', async () => {
    expect(await names('minimum_age=10')).toEqual([B]);
    expect(await names('maximum_age=10')).toEqual([A]);
    expect(await names('minimum_age=5&maximum_age=18')).toEqual([A, B]);
  });
  it('age: listings for a child of that age (an extension, as the portal’s own search has; it was ignored)', async () => {
    expect(await names('age=7')).toEqual([A]);
    expect(await names('age=12')).toEqual([B]);
    expect(await names('age=11')).toEqual([]);
    expect(await names('age=10&minimum_age=5')).toEqual([A]);
  });
  it('day, start_time and end_time, all on one opening', async () => {
    expect(await names('day=SA')).toEqual([A]);
    expect(await names('day=wednesday')).toEqual([B]);
    expect(await names('start_time=16:00')).toEqual([B]);
    expect(await names('end_time=12:00')).toEqual([A]);
    expect(await names('day=SA&start_time=16:00')).toEqual([]);
  });
  it('modified_after: a change to the listing or to its organisation', async () => {
    expect(await names('modified_after=2026-03-01T00:00:00Z')).toEqual([B]);
    expect(await names('modified_after=2025-12-31')).toEqual([A, B]);
    const a = (await get('services?modified_after=2025-12-31')).body.contents.find(
      (x: { name: string }) => x.name === A,
    );
    expect(a.last_modified).toBe('2026-01-01T00:00:00.000Z');
    // A's organisation changes (its name is in A's record): A is modified too, and says when.
    const at = new Date('2026-09-01T00:00:00Z');
    await s.db.update(organisations).set({ updatedAt: at }).where(eq(organisations.id, orgIds[0]!));
    expect(await names('modified_after=2026-08-01T00:00:00Z')).toEqual([A]);
    const after = (await get('services?modified_after=2026-08-01')).body.contents[0];
    expect(after.last_modified).toBe(at.toISOString());
    await s.db
      .update(organisations)
      .set({ updatedAt: new Date('2025-06-01T00:00:00Z') })
      .where(eq(organisations.id, orgIds[0]!));
  });
  it('postcode and proximity (metres from the postcode’s centre)', async () => {
    expect(await names(`postcode=${encodeURIComponent(near.postcode)}&proximity=2000`)).toEqual([A]);
    // Without proximity, nearest first.
    const far = await names(`postcode=M1%201AE`);
    expect(far).toEqual([B, A]);
  });
  it('page and per_page, with the envelope', async () => {
    const second = await get('services?per_page=1&page=2');
    expect(second.body).toMatchObject({
      total_items: 2,
      total_pages: 2,
      page_number: 2,
      size: 1,
      first_page: false,
      last_page: true,
      empty: false,
    });
    expect(second.body.contents[0].name).toBe(B);
    // Larger than a page holds, however large: a page of 100 (here, of all 2), never an error.
    for (const huge of ['9007199254740992', '99999999999999999999999']) {
      const all = await get(`services?per_page=${huge}`);
      expect(all.status, huge).toBe(200);
      expect(all.body).toMatchObject({ total_items: 2, total_pages: 1, size: 2 });
    }
    const beyond = await get('services?per_page=1&page=9');
    expect(beyond.body).toMatchObject({ empty: true, size: 0, contents: [] });
  });

  it('bad parameters are 400 with a JSON error naming the parameter', async () => {
    for (const [query, parameter] of [
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['per_page=-1', 'per_page'],
      ['per_page=0', 'per_page'],
      ['taxonomy_term_id=nope', 'taxonomy_term_id'],
      ['taxonomy_id=1', 'taxonomy_id'],
      ['organization_id=x', 'organization_id'],
      ['minimum_age=-3', 'minimum_age'],
      ['maximum_age=ten', 'maximum_age'],
      ['day=funday', 'day'],
      ['start_time=25:00', 'start_time'],
      ['end_time=noon', 'end_time'],
      ['modified_after=yesterday', 'modified_after'],
      ['modified_after=2026-02-30', 'modified_after'],
      // Years 1000-9999, as the GraphQL Date and DateTime scalars (one check, schema/domain/calendar-date.ts).
      ['modified_after=0999-12-31', 'modified_after'],
      ['search=a%00b', 'search'],
      ['postcode=NOTAPOSTCODE', 'postcode'],
      ['postcode=ZZ99%209ZZ', 'postcode'],
      ['postcode=SE15&proximity=far', 'proximity'],
      ['proximity=100', 'proximity'],
      [`search=${'x'.repeat(201)}`, 'search'],
      ['age=-1', 'age'],
      ['age=151', 'age'],
      ['age=seven', 'age'],
      ['full_service=maybe', 'full_service'],
    ]) {
      for (const collection of ['services', 'service_at_locations']) {
        const res = await get(`${collection}?${query}`);
        expect(res.status, `${collection}?${query}`).toBe(400);
        expect(res.body.error).toMatchObject({ code: 'BAD_REQUEST', parameter });
      }
    }
    // The message says the range really allowed (not up to 2^53 - 1).
    expect((await get('services?age=-1')).body.error.message).toBe('age must be between 0 and 150');
    for (const ok of ['true', 'false', 'TRUE'])
      expect((await get(`services?full_service=${ok}`)).status, `full_service=${ok}`).toBe(200);
    for (const collection of ['services', 'organizations', 'taxonomies', 'taxonomy_terms'])
      expect((await get(`${collection}?per_page=0`)).body.error.message).toBe(
        'per_page must be at least 1 (a page holds at most 100: a larger per_page gets 100)',
      );
    expect((await get('taxonomy_terms?page=-1')).status).toBe(400);
    const notWhole = await get('organizations?per_page=x');
    expect(notWhole.status).toBe(400);
    expect(notWhole.body.error.message).toBe('per_page must be a whole number');
    expect((await get('organizations?search=a%00b')).status).toBe(400);
    // % and _ are searched for as themselves, not as wildcards matching every organisation.
    const all = (await get('organizations')).body.total_items;
    expect(all).toBeGreaterThan(0);
    for (const typed of ['_', '%25', '%25_%25'])
      expect((await get(`organizations?search=${typed}`)).body.total_items).toBe(0);
    // A broken percent-escape anywhere in the path: refused, never a server error.
    for (const path of ['organizations/%E0%A4%A', 'services/%', 'services/%ZZ']) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expect(res.body.error.code).toBe('BAD_REQUEST');
    }
    const zone = await fetch(`${s.url}/openreferral/%E0%A4%A/services`);
    expect(zone.status).toBe(400);
  });

  it('unknown ids, drafts, other zones’ listings, zones and paths are 404; writes are 405', async () => {
    for (const path of [
      `services/${crypto.randomUUID()}`,
      'services/not-a-uuid',
      `services/${ids.C}`,
      `service_at_locations/${crypto.randomUUID()}`,
      `organizations/${crypto.randomUUID()}`,
      `taxonomies/${crypto.randomUUID()}`,
      `taxonomy_terms/${crypto.randomUUID()}`,
      'nothing',
      'services/a/b',
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe('NOT_FOUND');
    }
    expect((await fetch(`${s.url}/openreferral/demo/services/${ids.A}`)).status).toBe(404);
    expect((await fetch(`${s.url}/openreferral/no-such-zone/services`)).status).toBe(404);
    // The message quotes a stranger's id only in part: never a path's worth of text back.
    const long = await get(`services/${'x'.repeat(5000)}`);
    expect(long.body.error.message).toBe(`Service ${'x'.repeat(100)}… not found (ids are UUIDs)`);
    expect((await get(`services/${ids.A}`)).status).toBe(200);
    const post = await fetch(`${s.url}/openreferral/params/services`, { method: 'POST', body: '{}' });
    expect(post.status).toBe(405);
  });
});
