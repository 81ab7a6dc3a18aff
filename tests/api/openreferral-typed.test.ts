import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  categories,
  organisations,
  postcodeOutwards,
  postcodes,
  serviceLocations,
  services,
} from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { categoryIdsBySlug, createZone, memoryFeed, saveListings } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { type ENDPOINT_SCHEMAS, schemaErrors } from '../oruk/schemas';
import { globalId, startServer, type TestServer } from '../setup/server';

// Listings as people type them into the forms (an organisation without a description, web
// addresses with non-ASCII hosts or spaces), published: every Open Referral endpoint still
// validates. Addresses that could never be published are refused by the forms; imports skip
// nameless records and keep each venue's id when a listing is rewritten.

let s: TestServer;
let input: Record<string, unknown>;
beforeAll(async () => {
  s = await startServer();
  const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
  input = {
    name: 'Bücherclub für Familien',
    description: 'A reading club.',
    categoryIds: [globalId('Category', cat!.id)],
    minAge: 5,
    maxAge: 11,
    deliveryModes: ['COMMUNITY_VENUE'],
    commissionable: false,
    evidenceLevel: 'NONE',
    contactEmail: 'team@bücher.example',
    website: 'https://bücher.example/unsere kurse?für=alle',
    locations: [
      { name: 'Library', address: '1 Rushey Green, London', postcode: 'SE6 4JD', latitude: 51.445, longitude: -0.02 },
    ],
    contacts: [{ name: 'Front desk', email: 'desk@bücher.example' }],
  };
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK and GraphQL bodies are read dynamically.
type Json = any;
const CREATE = `mutation($input: CreateServiceInput!) { createService(input: $input) { __typename
  ... on CreateServiceSuccess { service { id } } ... on ValidationError { fieldErrors { path message } } } }`;
const PUBLISH = `mutation($input: PublishServiceInput!) { publishService(input: $input) { __typename } }`;
const UPDATE_ORG = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) { __typename
  ... on ValidationError { fieldErrors { path message } } } }`;
const CREATE_ORG = `mutation($input: CreateOrganisationInput!) { createOrganisation(input: $input) { __typename
  ... on ValidationError { fieldErrors { path message } } } }`;
const JOIN = `mutation($input: RequestToJoinInput!) { requestToJoin(input: $input) { __typename
  ... on ValidationError { fieldErrors { path message } } } }`;

async function valid(path: string, schema: keyof typeof ENDPOINT_SCHEMAS): Promise<Json> {
  const res = await fetch(`${s.url}/openreferral/demo/${path}`);
  expect(res.status, path).toBe(200);
  const body = await res.json();
  expect(schemaErrors(schema, body), path).toEqual([]);
  return body;
}

/** Every endpoint that carries this listing or its organisation, each valid against its schema. */
async function publishedEverywhere(serviceUuid: string, orgUuid: string) {
  const service = await valid(`services/${serviceUuid}`, 'service');
  const list = await valid(`services?organization_id=${orgUuid}&per_page=100`, 'services');
  expect(list.contents.map((x: Json) => x.id)).toContain(serviceUuid);
  for (const sal of service.service_at_locations) {
    await valid(`service_at_locations/${sal.id}`, 'serviceAtLocation');
  }
  const sals = await valid(`service_at_locations?organization_id=${orgUuid}&per_page=100`, 'serviceAtLocations');
  expect(sals.total_items).toBeGreaterThan(0);
  const org = await valid(`organizations/${orgUuid}`, 'organization');
  for (let page = 1; ; page++) {
    const orgs = await valid(`organizations?per_page=100&page=${page}`, 'organizations');
    if (orgs.last_page) break;
  }
  await valid('taxonomies', 'taxonomies');
  await valid('taxonomy_terms?per_page=100', 'taxonomyTerms');
  return { service, org };
}

const orgOf = async (email: string) => {
  const [row] = await s.db
    .select({ id: organisations.id, uuid: organisations.uuid })
    .from(organisations)
    .where(eq(organisations.name, email));
  return row!;
};

describe('listings entered through the forms', () => {
  it('an organisation without a description and addresses with a non-ASCII host or spaces publish validly', async () => {
    const token = await s.signIn('provider2@demo.test');
    const org = await orgOf('Catford Circus Collective');
    const profile = { description: '', email: 'info@bücher.example', website: 'https://bücher.example/über uns' };
    expect((await s.gql(UPDATE_ORG, { input: profile }, token)).data.updateOrganisation.__typename).toBe(
      'UpdateOrganisationSuccess',
    );
    const created = await s.gql(CREATE, { input }, token);
    expect(created.data.createService.__typename).toBe('CreateServiceSuccess');
    const id = created.data.createService.service.id;
    expect((await s.gql(PUBLISH, { input: { serviceId: id } }, token)).data.publishService.__typename).toBe(
      'PublishServiceSuccess',
    );
    const [row] = await s.db.select().from(services).where(eq(services.name, 'Bücherclub für Familien'));
    const { service, org: published } = await publishedEverywhere(row!.uuid, org.uuid);
    // Encoded, not dropped: the punycode host and percent-encoded spaces of new URL().href.
    expect(service.url).toBe('https://xn--bcher-kva.example/unsere%20kurse?f%C3%BCr=alle');
    expect(service.email).toBe('team@xn--bcher-kva.example');
    expect(service.contacts[0].email).toBe('desk@xn--bcher-kva.example');
    expect(published).toMatchObject({
      description: '',
      email: 'info@xn--bcher-kva.example',
      website: 'https://xn--bcher-kva.example/%C3%BCber%20uns',
    });
    expect(service.organization.description).toBe('');
  });

  it('addresses stored before the forms were tightened, that cannot be made valid, are left out', async () => {
    const org = await orgOf('Catford Circus Collective');
    await s.db
      .update(organisations)
      .set({ email: 'team@example-.org', website: 'https://exa mple.org/' })
      .where(eq(organisations.id, org.id));
    const [row] = await s.db
      .update(services)
      .set({ contactEmail: 'a b@example.org', website: 'not a url' })
      .where(eq(services.name, 'Bücherclub für Familien'))
      .returning();
    const { service, org: published } = await publishedEverywhere(row!.uuid, org.uuid);
    expect(service).not.toHaveProperty('url');
    expect(service).not.toHaveProperty('email');
    expect(published).not.toHaveProperty('email');
    expect(published).not.toHaveProperty('website');
  });

  it('refuses, field by field, an email or website that could never be published, and writes nothing', async () => {
    const provider = await s.signIn('provider2@demo.test');
    const before = await s.db.$count(services);
    const bad = await s.gql(
      CREATE,
      {
        input: {
          ...input,
          name: 'Never saved',
          contactEmail: 'team@example-.org',
          website: 'javascript:alert(1)',
          contacts: [{ name: 'Desk', email: 'a b@example.org' }],
        },
      },
      provider,
    );
    expect(bad.data.createService.__typename).toBe('ValidationError');
    expect(bad.data.createService.fieldErrors.map((e: Json) => e.path.join('.')).sort()).toEqual([
      'input.contactEmail',
      'input.contacts.0.email',
      'input.website',
    ]);
    expect(bad.data.createService.fieldErrors.find((e: Json) => e.path.at(-1) === 'website').message).toMatch(
      /starting https/,
    );
    expect(await s.db.$count(services)).toBe(before);

    const fieldsOf = (res: Json, name: string) => res.data[name].fieldErrors.map((e: Json) => e.path.at(-1)).sort();
    const org = await s.gql(
      UPDATE_ORG,
      { input: { email: 'team@-example.org', website: 'ftp://example.org/' } },
      provider,
    );
    expect(fieldsOf(org, 'updateOrganisation')).toEqual(['email', 'website']);
    const admin = await s.signIn('admin@demo.test');
    const created = await s.gql(
      CREATE_ORG,
      {
        input: {
          kind: 'VCSE',
          name: 'Nowhere Trust',
          charityNumber: '3344556',
          email: 'x@localhost',
          website: 'example.org',
        },
      },
      admin,
    );
    expect(fieldsOf(created, 'createOrganisation')).toEqual(['email', 'website']);
    const join = await s.gql(JOIN, {
      input: {
        zoneSlug: 'demo',
        kind: 'VCSE',
        name: 'Hyphen Trust',
        charityNumber: '4455667',
        contactName: 'Sam Rivers',
        contactEmail: 'sam@hyphen-.example',
        website: 'https://exa mple.org',
      },
    });
    expect(fieldsOf(join, 'requestToJoin')).toEqual(['contactEmail', 'website']);
    expect(await s.db.$count(organisations, eq(organisations.name, 'Nowhere Trust'))).toBe(0);
  });

  it('still accepts the valid addresses it always did', async () => {
    const provider = await s.signIn('provider2@demo.test');
    const ok = await s.gql(
      UPDATE_ORG,
      { input: { email: 'hello@circus.example.org', website: 'http://circus.example.org/about?x=1#top' } },
      provider,
    );
    expect(ok.data.updateOrganisation.__typename).toBe('UpdateOrganisationSuccess');
  });
});

describe('importing a feed', () => {
  const feed = generateFeed(3, { prefix: 'typed', brokenEvery: 1000 }).services as Json[];
  const venuesOf = async (zoneId: number) =>
    (
      await s.db
        .select({ externalId: services.externalId, uuid: serviceLocations.uuid })
        .from(serviceLocations)
        .innerJoin(services, eq(services.id, serviceLocations.serviceId))
        .where(eq(services.zoneId, zoneId))
    )
      .map((v) => `${v.externalId} ${v.uuid}`)
      .sort();

  it('skips a record whose name is blank and reports it; a rewritten listing keeps its venues’ ids', async () => {
    const { zone } = await createZone(s.db, 'typed-import', []);
    const nameless = { ...structuredClone(feed[2]), name: '   ' };
    const first = await runImport(s.db, memoryFeed([feed[0], feed[1], nameless]), {
      zoneId: zone.id,
      location: 'typed',
    });
    expect(first).toMatchObject({ created: 2, skipped: 1 });
    expect(first.problems).toEqual([{ id: feed[2].id, reason: 'the service has no name' }]);
    expect(await s.db.$count(services, eq(services.zoneId, zone.id))).toBe(2);
    const venues = await venuesOf(zone.id);
    expect(venues).toHaveLength(2);

    // Every record changed: each listing and its child rows are rewritten.
    const changed = [feed[0], feed[1]].map((r) => ({
      ...structuredClone(r),
      description: `${r.description} Now weekly.`,
    }));
    const second = await runImport(s.db, memoryFeed(changed), { zoneId: zone.id, location: 'typed' });
    expect(second).toMatchObject({ updated: 2, created: 0 });
    expect(await venuesOf(zone.id)).toEqual(venues);
  });
});

describe('postcode without proximity', () => {
  it('leaves out a service whose areas are all postcode districts other than the postcode’s', async () => {
    const { zone, orgs } = await createZone(s.db, 'typed-areas');
    // The points the queries measure from (a test database may hold neither).
    await s.db
      .insert(postcodes)
      .values({ postcode: 'SE15 4QL', latitude: 51.47, longitude: -0.06 })
      .onConflictDoNothing();
    await s.db
      .insert(postcodeOutwards)
      .values({ outward: 'SE15', latitude: 51.47, longitude: -0.06 })
      .onConflictDoNothing();
    const [category] = (await categoryIdsBySlug(s.db)).values();
    const listing = (name: string, areas: string[]) => ({
      name,
      description: 'Somewhere',
      categoryIds: [category],
      minAge: 0,
      maxAge: 25,
      deliveryModes: ['ONLINE'],
      commissionable: false,
      evidenceLevel: 'NONE',
      locations: [],
      districtIds: [],
      serviceAreas: areas.map((a) => ({ name: a })),
    });
    await saveListings(s.db, { zoneId: zone.id, organisationId: orgs[0]!.id }, [
      listing('No areas', []),
      listing('Its district', ['SE15, SE16']),
      listing('Its sector', ['SE15 4']),
      listing('Named by place', ['Lewisham']),
      listing('Other districts', ['SE6 and SE13']),
      listing('Other sector and district', ['SE15 5', 'SE14']),
      listing('One of two areas', ['SE6', 'se15']),
    ]);
    const expected = ['Its district', 'Its sector', 'Named by place', 'No areas', 'One of two areas'];
    const names = async (query: string) => {
      const res = await fetch(`${s.url}/openreferral/typed-areas/services?${query}`);
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(schemaErrors('services', body)).toEqual([]);
      return body.contents.map((x: Json) => x.name).sort();
    };
    // A full postcode, then an outward code alone.
    expect(await names('postcode=SE15%204QL')).toEqual(expected);
    // An outward code alone is covered by any of its sectors.
    expect(await names('postcode=SE15')).toEqual([...expected, 'Other sector and district'].sort());
    expect(await names('')).toHaveLength(7);
  });
});

describe('on the wire', () => {
  it('a page of services is compressed for a client that accepts it, and reads the same (audit 61)', async () => {
    const path = `${s.url}/openreferral/demo/services?per_page=50`;
    const plain = await fetch(path, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    const body = await plain.json();
    expect(body.contents.length).toBeGreaterThan(10);
    for (const encoding of ['br', 'gzip']) {
      const res = await fetch(path, { headers: { 'accept-encoding': encoding } });
      expect([res.status, res.headers.get('content-encoding'), res.headers.get('vary')]).toEqual([
        200,
        encoding,
        'Accept-Encoding',
      ]);
      expect(await res.json()).toEqual(body); // fetch decodes it
    }
    // An error is compressed the same way when it is large enough, and says the same.
    const bad = await fetch(`${s.url}/openreferral/demo/services?per_page=abc`, {
      headers: { 'accept-encoding': 'br' },
    });
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.parameter).toBe('per_page');
  });
});
