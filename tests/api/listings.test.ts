import { and, eq, isNotNull, ne } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, categories, districts, organisations, services, users } from '../../drizzle/schema';
import { globalId, localId, startServer, TEST_NOW, type TestServer } from '../setup/server';

let s: TestServer;
let validInput: Record<string, unknown>;
beforeAll(async () => {
  s = await startServer();
  const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
  const [district] = await s.db.select().from(districts).where(eq(districts.name, 'Catford'));
  validInput = {
    name: 'Teen talk sessions',
    description: 'Counselling for teenagers in Catford.',
    categoryIds: [globalId('Category', cat!.id)],
    minAge: 12,
    maxAge: 18,
    deliveryModes: ['COMMUNITY_VENUE'],
    unitPricePence: 4800,
    unitName: 'session',
    commissionable: true,
    capacity: 4,
    evidenceLevel: 'PROMISING',
    contactEmail: 'referrals@example.org',
    website: 'https://example.org',
    locations: [
      {
        name: 'Catford hub',
        address: '1 Rushey Green, London',
        postcode: 'SE6 4JD',
        latitude: 51.445,
        longitude: -0.02,
      },
    ],
    districtIds: [globalId('District', district!.id)],
  };
});
afterAll(() => s.close());

const SERVICE_FIELDS =
  'id name status unitPricePence unitName commissionable minAge maxAge capacity locations { postcode } categories { slug } organisation { name }';
const RESULT = (name: string, input: string) => `mutation($input: ${input}!) { ${name}(input: $input) {
  __typename
  ... on ${name[0]!.toUpperCase()}${name.slice(1)}Success { service { ${SERVICE_FIELDS} } }
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
} }`;
const CREATE = RESULT('createService', 'CreateServiceInput');
const UPDATE = RESULT('updateService', 'UpdateServiceInput');
const PUBLISH = RESULT('publishService', 'PublishServiceInput');
const ARCHIVE = RESULT('archiveService', 'ArchiveServiceInput');

describe('a provider’s listing from draft to archive', () => {
  it('creates a DRAFT, edits it, publishes it (now searchable), archives it (gone from search)', async () => {
    const token = await s.signIn('provider@demo.test');
    const created = await s.gql(CREATE, { input: validInput }, token);
    expect(created.data.createService.__typename).toBe('CreateServiceSuccess');
    const service = created.data.createService.service;
    expect(service).toMatchObject({
      name: 'Teen talk sessions',
      status: 'DRAFT',
      organisation: { name: 'Riverside Family Therapy' },
      categories: [{ slug: 'counselling' }],
    });

    const search = async () =>
      (await s.gql('{ services(first: 100, filter: { text: "teen talk" }) { edges { node { id } } } }')).data.services
        .edges.length;
    expect(await search()).toBe(0);

    const updated = await s.gql(
      UPDATE,
      { input: { serviceId: service.id, unitPricePence: 5200, capacity: null } },
      token,
    );
    expect(updated.data.updateService.service).toMatchObject({
      unitPricePence: 5200,
      capacity: null,
      unitName: 'session',
      minAge: 12,
    });

    expect((await s.gql(PUBLISH, { input: { serviceId: service.id } }, token)).data.publishService.service.status).toBe(
      'PUBLISHED',
    );
    expect(await search()).toBe(1);
    expect((await s.gql(ARCHIVE, { input: { serviceId: service.id } }, token)).data.archiveService.service.status).toBe(
      'ARCHIVED',
    );
    expect(await search()).toBe(0);

    const trail = await s.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.entityType, 'Service'), eq(auditEvents.entityId, localId(service.id))))
      .orderBy(auditEvents.id);
    expect(trail.map((a) => a.action)).toEqual([
      'CREATE_SERVICE',
      'UPDATE_SERVICE',
      'PUBLISH_SERVICE',
      'ARCHIVE_SERVICE',
    ]);
  });
});

describe('bad listings are refused with every problem named, and nothing is written', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['empty name', { name: '  ' }, ['input.name']],
    ['ages backwards', { minAge: 12, maxAge: 5 }, ['input.maxAge']],
    ['age out of range', { maxAge: 121 }, ['input.maxAge']],
    ['price without a unit', { unitName: null }, ['input.unitName']],
    ['commissionable but free', { unitPricePence: null, unitName: null }, ['input.unitPricePence']],
    ['negative price', { unitPricePence: -100 }, ['input.unitPricePence']],
    ['no delivery mode', { deliveryModes: [] }, ['input.deliveryModes']],
    ['no category', { categoryIds: [] }, ['input.categoryIds']],
    ['unknown category', { categoryIds: [globalId('Category', 99999)] }, ['input.categoryIds']],
    ['not a category id', { categoryIds: [globalId('Service', 1)] }, ['input.categoryIds.0']],
    [
      'coordinates outside the UK',
      { locations: [{ name: 'x', address: 'y', postcode: 'SE6 4JD', latitude: 10, longitude: 50 }] },
      ['input.locations.0.latitude', 'input.locations.0.longitude'],
    ],
    [
      'bad postcode',
      { locations: [{ name: 'x', address: 'y', postcode: '12345', latitude: 51.4, longitude: 0 }] },
      ['input.locations.0.postcode'],
    ],
    ['bad email and website', { contactEmail: 'nope', website: 'ftp://x' }, ['input.contactEmail', 'input.website']],
    ['name too long', { name: 'x'.repeat(201) }, ['input.name']],
  ];
  for (const [label, change, paths] of cases) {
    it(label, async () => {
      const token = await s.signIn('provider@demo.test');
      const before = await s.db.$count(services);
      const res = await s.gql(CREATE, { input: { ...validInput, ...change } }, token);
      expect(res.data.createService.__typename).toBe('ValidationError');
      expect(res.data.createService.fieldErrors.map((e: { path: string[] }) => e.path.join('.')).sort()).toEqual(
        paths.sort(),
      );
      expect(res.data.createService.message).toBeTruthy();
      expect(await s.db.$count(services)).toBe(before);
    });
  }

  it('takes a venue’s coordinates from its postcode when they are left out, on create and on update', async () => {
    const token = await s.signIn('provider@demo.test');
    const location = { name: 'Catford hub', address: '1 Rushey Green, London', postcode: 'SE6 1AA' }; // outward code known
    const created = await s.gql(
      CREATE,
      { input: { ...validInput, name: 'Located by postcode', locations: [location] } },
      token,
    );
    expect(created.data.createService.__typename).toBe('CreateServiceSuccess');
    const id = created.data.createService.service.id;
    const updated = await s.gql(
      UPDATE,
      { input: { serviceId: id, locations: [{ ...location, postcode: 'SE4 1AA' }] } },
      token,
    );
    expect(updated.data.updateService.service.locations).toEqual([{ postcode: 'SE4 1AA' }]);
    const unknown = await s.gql(
      UPDATE,
      { input: { serviceId: id, locations: [{ ...location, postcode: 'ZZ9 9ZZ' }] } },
      token,
    );
    expect(unknown.data.updateService.fieldErrors).toEqual([
      { path: ['input', 'locations', '0', 'postcode'], message: expect.stringMatching(/do not know this postcode/) },
    ]);
  });

  it('one coordinate without the other is refused, not replaced by the postcode’s', async () => {
    const token = await s.signIn('provider@demo.test');
    const location = { name: 'Catford hub', address: '1 Rushey Green, London', postcode: 'SE6 1AA' };
    const before = await s.db.$count(services);
    const latitudeOnly = await s.gql(
      CREATE,
      { input: { ...validInput, name: 'Half located', locations: [{ ...location, latitude: 999 }] } },
      token,
    );
    expect(latitudeOnly.data.createService.fieldErrors).toEqual([
      { path: ['input', 'locations', '0', 'longitude'], message: expect.stringMatching(/Give the longitude as well/) },
    ]);
    expect(await s.db.$count(services)).toBe(before);
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const longitudeOnly = await s.gql(
      UPDATE,
      { input: { serviceId: globalId('Service', svc!.id), locations: [{ ...location, longitude: -0.02 }] } },
      token,
    );
    expect(longitudeOnly.data.updateService.fieldErrors).toEqual([
      { path: ['input', 'locations', '0', 'latitude'], message: expect.stringMatching(/Give the latitude as well/) },
    ]);
    const [after] = await s.db.select().from(services).where(eq(services.id, svc!.id));
    expect(after).toEqual(svc);
  });

  it('an update that would break a rule changes nothing', async () => {
    const token = await s.signIn('provider@demo.test');
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const res = await s.gql(UPDATE, { input: { serviceId: globalId('Service', svc!.id), minAge: 19 } }, token);
    expect(res.data.updateService.fieldErrors).toEqual([
      { path: ['input', 'maxAge'], message: expect.stringMatching(/Maximum age/) },
    ]);
    const [after] = await s.db.select().from(services).where(eq(services.id, svc!.id));
    expect(after).toEqual(svc);
  });

  it('null for a field that takes a value is said in words, not in the validator’s', async () => {
    const token = await s.signIn('provider@demo.test');
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const res = await s.gql(UPDATE, { input: { serviceId: globalId('Service', svc!.id), name: null } }, token);
    expect(res.data.updateService.fieldErrors).toEqual([
      { path: ['input', 'name'], message: 'Enter a value: this cannot be empty' },
    ]);
    const [after] = await s.db.select().from(services).where(eq(services.id, svc!.id));
    expect(after).toEqual(svc);
  });
});

describe('who may change a listing', () => {
  it('only providers create; only the owning organisation edits, publishes or archives', async () => {
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const [draft] = await s.db.select().from(services).where(eq(services.name, 'Online parent coaching'));
    const lw = await s.signIn('linkworker@demo.test');
    expect((await s.gql(CREATE, { input: validInput }, lw)).data.createService).toMatchObject({
      __typename: 'ForbiddenError',
    });
    const other = await s.signIn('provider2@demo.test');
    expect(
      (await s.gql(UPDATE, { input: { serviceId: globalId('Service', svc!.id), name: 'Hijacked' } }, other)).data
        .updateService.__typename,
    ).toBe('ForbiddenError');
    // Another organisation's draft is not even acknowledged.
    expect(
      (await s.gql(PUBLISH, { input: { serviceId: globalId('Service', draft!.id) } }, other)).data.publishService
        .__typename,
    ).toBe('NotFoundError');
    const otherZone = await s.signIn('provider@other.test');
    expect(
      (await s.gql(ARCHIVE, { input: { serviceId: globalId('Service', svc!.id) } }, otherZone)).data.archiveService
        .__typename,
    ).toBe('NotFoundError');
    const signedOut = await s.gql(CREATE, { input: validInput });
    expect(signedOut.errors?.map((e) => e.extensions?.code)).toEqual(['UNAUTHENTICATED']);
    const [unchanged] = await s.db.select().from(services).where(eq(services.id, svc!.id));
    expect(unchanged!.name).toBe('Family therapy sessions');
  });

  it('who may change it is answered before what is wrong with it (a postcode to look up)', async () => {
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const [draft] = await s.db.select().from(services).where(eq(services.name, 'Online parent coaching'));
    const unknownPlace = [{ name: 'Nowhere hall', address: '1 Nowhere Road', postcode: 'ZZ9 9ZZ' }];
    const edit = (id: number, token: string) =>
      s.gql(UPDATE, { input: { serviceId: globalId('Service', id), locations: unknownPlace } }, token);
    const lw = await s.signIn('linkworker@demo.test');
    const other = await s.signIn('provider2@demo.test');
    expect((await edit(svc!.id, lw)).data.updateService.__typename).toBe('ForbiddenError');
    expect((await edit(svc!.id, other)).data.updateService.__typename).toBe('ForbiddenError');
    expect((await edit(draft!.id, other)).data.updateService.__typename).toBe('NotFoundError');
    // The owner is told what is wrong.
    const own = await edit(svc!.id, await s.signIn('provider@demo.test'));
    expect(own.data.updateService.fieldErrors).toEqual([
      { path: ['input', 'locations', '0', 'postcode'], message: expect.stringMatching(/do not know this postcode/) },
    ]);
  });

  it('publishing an already published listing is a clear error', async () => {
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Family therapy sessions'));
    const res = await s.gql(
      PUBLISH,
      { input: { serviceId: globalId('Service', svc!.id) } },
      await s.signIn('provider@demo.test'),
    );
    expect(res.data.publishService).toMatchObject({
      __typename: 'ValidationError',
      message: 'This listing is already published',
    });
  });
});

describe('keeping listings fresh', () => {
  it('a provider marks a stale listing as reviewed without editing it; another organisation cannot', async () => {
    const [svc] = await s.db.select().from(services).where(eq(services.name, 'Parenting teenagers course')); // reviewed 7 months ago
    const id = globalId('Service', svc!.id);
    const M = `mutation($input: MarkServiceReviewedInput!) { markServiceReviewed(input: $input) { __typename ... on Error { message }
      ... on MarkServiceReviewedSuccess { service { stale lastReviewedAt } } } }`;
    const other = await s.gql(M, { input: { serviceId: id } }, await s.signIn('provider2@demo.test'));
    expect(other.data.markServiceReviewed.__typename).toBe('ForbiddenError');
    const before = await s.gql('query($id: ID!) { node(id: $id) { ... on Service { stale } } }', { id });
    expect(before.data.node.stale).toBe(true);
    const res = await s.gql(M, { input: { serviceId: id } }, await s.signIn('provider@demo.test'));
    expect(res.data.markServiceReviewed.service.stale).toBe(false);
    // The request's clock (the test clock), as `stale` is judged by: not the wall clock.
    expect(Date.parse(res.data.markServiceReviewed.service.lastReviewedAt)).toBe(TEST_NOW.getTime());
  });
});

describe('a provider’s organisation profile', () => {
  const UPDATE_ORG = `mutation($input: UpdateOrganisationInput!) { updateOrganisation(input: $input) {
    __typename ... on Error { message } ... on ValidationError { fieldErrors { path message } }
    ... on UpdateOrganisationSuccess { organisation { name description website } } } }`;

  it('is edited by its own staff; a new name is searchable at once', async () => {
    const token = await s.signIn('provider2@demo.test');
    const res = await s.gql(
      UPDATE_ORG,
      { input: { name: 'Catford Big Top', website: 'https://bigtop.example.org' } },
      token,
    );
    expect(res.data.updateOrganisation.organisation).toMatchObject({
      name: 'Catford Big Top',
      website: 'https://bigtop.example.org',
    });
    const found = await s.gql('{ services(first: 10, filter: { text: "big top" }) { totalCount } }');
    expect(found.data.services.totalCount).toBeGreaterThan(0);
  });

  it('cannot take another organisation’s name, however it is cased or spaced; may recase its own', async () => {
    const token = await s.signIn('provider@demo.test');
    // Provider 2's organisation, whatever the test above renamed it to.
    const [other] = await s.db
      .select({ name: organisations.name })
      .from(organisations)
      .innerJoin(users, eq(users.organisationId, organisations.id))
      .where(eq(users.email, 'provider2@demo.test'));
    for (const name of [other!.name, `  ${other!.name.toUpperCase().replace(/ /g, '   ')} `]) {
      const res = await s.gql(UPDATE_ORG, { input: { name } }, token);
      expect(res.data.updateOrganisation.fieldErrors).toEqual([
        { path: ['input', 'name'], message: 'An organisation with this name is already in the directory' },
      ]);
    }
    const [riverside] = await s.db
      .select()
      .from(organisations)
      .where(eq(organisations.name, 'Riverside Family Therapy'));
    expect(riverside).toBeDefined();
    const recased = await s.gql(UPDATE_ORG, { input: { name: 'Riverside family therapy' } }, token);
    expect(recased.data.updateOrganisation.organisation.name).toBe('Riverside family therapy');
    await s.gql(UPDATE_ORG, { input: { name: 'Riverside Family Therapy' } }, token);
    const [numbered] = await s.db
      .select({ charityNumber: organisations.charityNumber })
      .from(organisations)
      .where(and(isNotNull(organisations.charityNumber), ne(organisations.id, riverside!.id)));
    const taken = await s.gql(UPDATE_ORG, { input: { charityNumber: numbered!.charityNumber } }, token);
    expect(taken.data.updateOrganisation.fieldErrors).toEqual([
      { path: ['input', 'charityNumber'], message: 'An organisation with this number is already in the directory' },
    ]);
    // Only what changes is checked: where two organisations already share a number (an import's, a
    // database from before the rule), each can still save its profile as it is.
    await s.db
      .update(organisations)
      .set({ charityNumber: numbered!.charityNumber })
      .where(eq(organisations.id, riverside!.id));
    const asItIs = await s.gql(
      UPDATE_ORG,
      { input: { name: 'Riverside Family Therapy', charityNumber: numbered!.charityNumber } },
      token,
    );
    expect(asItIs.data.updateOrganisation.__typename).toBe('UpdateOrganisationSuccess');
    await s.db
      .update(organisations)
      .set({ charityNumber: riverside!.charityNumber })
      .where(eq(organisations.id, riverside!.id));
    const blank = await s.gql(UPDATE_ORG, { input: { name: '     ' } }, token);
    expect(blank.data.updateOrganisation.fieldErrors[0].path).toEqual(['input', 'name']);
  });

  it('refuses bad values and other roles', async () => {
    const bad = await s.gql(
      UPDATE_ORG,
      { input: { website: 'not a url', charityNumber: 'abc' } },
      await s.signIn('provider2@demo.test'),
    );
    expect(bad.data.updateOrganisation.fieldErrors.map((e: { path: string[] }) => e.path.at(-1)).sort()).toEqual([
      'charityNumber',
      'website',
    ]);
    const lw = await s.gql(UPDATE_ORG, { input: { name: 'Hijack' } }, await s.signIn('linkworker@demo.test'));
    expect(lw.data.updateOrganisation.__typename).toBe('ForbiddenError');
  });
});
