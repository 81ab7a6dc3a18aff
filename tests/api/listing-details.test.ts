import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categories, importSources, services, zones } from '../../drizzle/schema';
import { globalId, startServer, type TestServer } from '../setup/server';

// The Open Referral fields of a listing: opening times, languages, access, cost options,
// contacts, areas, stable ids and lastModified.
let s: TestServer;
let input: Record<string, unknown>;
beforeAll(async () => {
  s = await startServer();
  const [cat] = await s.db.select().from(categories).where(eq(categories.slug, 'counselling'));
  input = {
    name: 'Saturday drop-in',
    description: 'Counselling drop-in at the weekend.',
    categoryIds: [globalId('Category', cat!.id)],
    minAge: 11,
    maxAge: 18,
    deliveryModes: ['COMMUNITY_VENUE'],
    commissionable: false,
    locations: [
      {
        name: 'Hub',
        address: '1 Rushey Green, London',
        postcode: 'SE6 4JD',
        latitude: 51.445,
        longitude: -0.02,
        accessibility: ['WHEELCHAIR', 'HEARING_LOOP'],
        accessibilityNotes: 'Ramp at the side door',
      },
    ],
    schedules: [{ days: ['SA', 'SU'], opensAt: '10:00', closesAt: '17:30', description: 'Weekends' }],
    languages: [
      { name: 'English', code: 'en' },
      { name: 'Polish', code: 'PL' },
    ],
    costOptions: [{ amountPence: 300, per: 'per session', conditions: 'Free for families on benefits' }],
    contacts: [
      { name: 'Ana', title: 'Coordinator', email: 'ana@example.org', phones: [{ number: '020 7946 0000' }] },
      { name: 'Desk', phones: [{ number: '020 7946 0001', description: 'Reception' }, { number: '07700 900123' }] },
    ],
    serviceAreas: [{ name: 'Lewisham' }],
  };
});
afterAll(() => s.close());

const FIELDS = `id uuid lastModified name
  locations { accessibility accessibilityNotes }
  schedules { id days opensAt closesAt description }
  languages { name code }
  costOptions { amountPence per conditions }
  contacts { name title email phones { number description } }
  serviceAreas { name }
  importedFrom`;
const MUTATION = (name: string, type: string) => `mutation($input: ${type}!) { ${name}(input: $input) {
  __typename
  ... on ${name[0]!.toUpperCase()}${name.slice(1)}Success { service { ${FIELDS} } }
  ... on Error { message }
  ... on ValidationError { fieldErrors { path message } }
} }`;

describe('listing details', () => {
  it('saves and reads back every part; an update that leaves them out keeps them', async () => {
    const token = await s.signIn('provider@demo.test');
    const created = await s.gql(MUTATION('createService', 'CreateServiceInput'), { input }, token);
    const service = created.data.createService.service;
    expect(service.uuid).toMatch(/^[0-9a-f-]{36}$/);
    expect(service.locations[0]).toEqual({
      accessibility: ['WHEELCHAIR', 'HEARING_LOOP'],
      accessibilityNotes: 'Ramp at the side door',
    });
    expect(service.schedules).toMatchObject([
      { days: ['SA', 'SU'], opensAt: '10:00', closesAt: '17:30', description: 'Weekends' },
    ]);
    expect(service.languages).toEqual([
      { name: 'English', code: 'en' },
      { name: 'Polish', code: 'pl' },
    ]);
    expect(service.costOptions).toEqual([
      { amountPence: 300, per: 'per session', conditions: 'Free for families on benefits' },
    ]);
    expect(service.contacts[1].phones).toEqual([
      { number: '020 7946 0001', description: 'Reception' },
      { number: '07700 900123', description: '' },
    ]);
    expect(service.serviceAreas).toEqual([{ name: 'Lewisham' }]);
    expect(service.importedFrom).toBeNull();

    const updated = await s.gql(
      MUTATION('updateService', 'UpdateServiceInput'),
      { input: { serviceId: service.id, name: 'Weekend drop-in' } },
      token,
    );
    const after = updated.data.updateService.service;
    expect(after.uuid).toBe(service.uuid);
    expect(Date.parse(after.lastModified)).toBeGreaterThanOrEqual(Date.parse(service.lastModified));
    for (const k of ['locations', 'languages', 'costOptions', 'contacts', 'serviceAreas'])
      expect(after[k]).toEqual(service[k]);
    expect(after.schedules.map((x: { days: string[] }) => x.days)).toEqual([['SA', 'SU']]);

    const cleared = await s.gql(
      MUTATION('updateService', 'UpdateServiceInput'),
      { input: { serviceId: service.id, languages: [], schedules: null } },
      token,
    );
    expect(cleared.data.updateService.service).toMatchObject({ languages: [], schedules: [] });
  });

  it('rejects bad opening times, language codes and phones field by field, writing nothing', async () => {
    const token = await s.signIn('provider@demo.test');
    const before = await s.db.$count(services);
    const res = await s.gql(
      MUTATION('createService', 'CreateServiceInput'),
      {
        input: {
          ...input,
          schedules: [
            { days: ['SA'], opensAt: '18:00', closesAt: '09:00' },
            { days: [], opensAt: '25:00' },
          ],
          languages: [{ name: 'Polish', code: 'polish' }],
          contacts: [{ phones: [{ number: 'call me' }] }],
        },
      },
      token,
    );
    expect(res.data.createService.__typename).toBe('ValidationError');
    const paths = res.data.createService.fieldErrors.map((e: { path: string[] }) => e.path.join('.'));
    expect(paths).toEqual(
      expect.arrayContaining([
        'input.schedules.0.closesAt',
        'input.schedules.1.days',
        'input.schedules.1.opensAt',
        'input.languages.0.code',
        'input.contacts.0.phones.0.number',
      ]),
    );
    expect(await s.db.$count(services)).toBe(before);
  });

  it('refuses an area link that is not a web address, writing nothing; keeps an http one', async () => {
    const token = await s.signIn('provider@demo.test');
    const before = await s.db.$count(services);
    for (const uri of ['javascript:alert(document.cookie)', 'data:text/html,hi', 'ftp://example.org/area']) {
      const res = await s.gql(
        MUTATION('createService', 'CreateServiceInput'),
        { input: { ...input, serviceAreas: [{ name: 'Catford area', uri }] } },
        token,
      );
      expect(res.data.createService.fieldErrors).toEqual([
        {
          path: ['input', 'serviceAreas', '0', 'uri'],
          message: 'Enter the area’s web address, starting http:// or https://',
        },
      ]);
    }
    expect(await s.db.$count(services)).toBe(before);
    // An ONS area's address is http://.
    const ons = 'http://statistics.data.gov.uk/id/statistical-geography/E09000023';
    const ok = await s.gql(
      MUTATION('createService', 'CreateServiceInput').replace('serviceAreas { name }', 'serviceAreas { name uri }'),
      { input: { ...input, serviceAreas: [{ name: 'Lewisham', uri: ons }] } },
      token,
    );
    expect(ok.data.createService.service.serviceAreas).toEqual([{ name: 'Lewisham', uri: ons }]);
  });

  it('keeps a way of delivery or a language given twice once', async () => {
    const token = await s.signIn('provider@demo.test');
    const created = await s.gql(
      MUTATION('createService', 'CreateServiceInput').replace('importedFrom', 'importedFrom deliveryModes'),
      {
        input: {
          ...input,
          deliveryModes: ['ONLINE', 'COMMUNITY_VENUE', 'ONLINE'],
          languages: [
            { name: 'English', code: 'en' },
            { name: 'Polish', code: 'pl' },
            { name: 'English', code: 'EN' },
            { name: 'Tigrinya' },
            { name: 'tigrinya' },
          ],
        },
      },
      token,
    );
    const service = created.data.createService.service;
    expect(service.deliveryModes).toEqual(['ONLINE', 'COMMUNITY_VENUE']);
    expect(service.languages.map((l: { name: string }) => l.name)).toEqual(['English', 'Polish', 'tigrinya']);
    const updated = await s.gql(
      MUTATION('updateService', 'UpdateServiceInput').replace('importedFrom', 'importedFrom deliveryModes'),
      { input: { serviceId: service.id, deliveryModes: ['HOME', 'HOME', 'HOME'] } },
      token,
    );
    expect(updated.data.updateService.service.deliveryModes).toEqual(['HOME']);
  });

  it('an imported listing cannot be edited by a local provider until the zone claims it', async () => {
    const token = await s.signIn('provider@demo.test');
    const created = await s.gql(MUTATION('createService', 'CreateServiceInput'), { input }, token);
    const id = created.data.createService.service.id;
    const dbId = Number(Buffer.from(id, 'base64').toString().split(':')[1]);
    const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const [source] = await s.db
      .insert(importSources)
      .values({ zoneId: zone!.id, location: 'https://feed.example.org/' })
      .returning();
    await s.db.update(services).set({ sourceId: source!.id, externalId: 'x1' }).where(eq(services.id, dbId));
    const res = await s.gql(
      MUTATION('updateService', 'UpdateServiceInput'),
      { input: { serviceId: id, name: 'Changed' } },
      token,
    );
    expect(res.data.updateService).toMatchObject({ __typename: 'ForbiddenError' });
    const [row] = await s.db.select().from(services).where(eq(services.id, dbId));
    expect(row!.name).toBe('Saturday drop-in');

    await s.db.update(services).set({ claimed: true }).where(eq(services.id, dbId));
    const claimed = await s.gql(
      MUTATION('updateService', 'UpdateServiceInput'),
      { input: { serviceId: id, name: 'Changed' } },
      token,
    );
    expect(claimed.data.updateService.service).toMatchObject({
      name: 'Changed',
      importedFrom: 'https://feed.example.org/',
    });
  });
});

describe('where an imported listing came from', () => {
  it('names a loaded file without the folder it was loaded from', async () => {
    const token = await s.signIn('linkworker@demo.test');
    const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
    const [source] = await s.db
      .insert(importSources)
      .values({ zoneId: zone!.id, location: 'file:/srv/council/exports/partners.oruk.json' })
      .returning();
    // A published listing every link worker sees.
    const [row] = await s.db
      .select({ id: services.id })
      .from(services)
      .where(and(eq(services.zoneId, zone!.id), eq(services.name, 'Family therapy sessions')));
    await s.db.update(services).set({ sourceId: source!.id }).where(eq(services.id, row!.id));
    const read = async () =>
      (
        await s.gql(
          `query($id: ID!) { node(id: $id) { ... on Service { importedFrom } } }`,
          {
            id: globalId('Service', row!.id),
          },
          token,
        )
      ).data.node.importedFrom;
    expect(await read()).toBe('file:partners.oruk.json');
    await s.db
      .update(importSources)
      .set({ location: 'file:C:\\exports\\partners.json' })
      .where(eq(importSources.id, source!.id));
    expect(await read()).toBe('file:partners.json');
  });
});
