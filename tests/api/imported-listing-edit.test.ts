import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceAreas, serviceSchedules, services, users } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { zoneId } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { LISTING_FORM_QUERY } from '../setup/listing-form';
import { globalId, startServer, type TestServer } from '../setup/server';

// A claimed imported listing saved through the provider's form (or a partial update) keeps what
// the form does not edit: a monthly or fortnightly rule, an area's shape, link and service_area,
// and ages over 25 (imports keep 0 to 120, and so does the listing's own validation).
let s: TestServer;
let token: string;
let serviceId: number;
const EXTENT = '{"type":"Polygon","coordinates":[[[-0.05,51.44],[-0.01,51.44],[-0.01,51.47],[-0.05,51.44]]]}';

const UPDATE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { __typename
  ... on UpdateServiceSuccess { service { minAge maxAge pendingRevision { id } } }
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

const stored = async () => ({
  service: (await s.db.select().from(services).where(eq(services.id, serviceId)))[0]!,
  schedules: (
    await s.db
      .select()
      .from(serviceSchedules)
      .where(eq(serviceSchedules.serviceId, serviceId))
      .orderBy(asc(serviceSchedules.id))
  ).map(({ id: _, uuid: __, ...rest }) => rest),
  areas: (
    await s.db.select().from(serviceAreas).where(eq(serviceAreas.serviceId, serviceId)).orderBy(asc(serviceAreas.id))
  ).map(({ id: _, uuid: __, ...rest }) => rest),
});

beforeAll(async () => {
  s = await startServer();
  const demo = await zoneId(s.db, 'demo');
  const record: Record<string, unknown> = {
    ...generateFeed(1, { brokenEvery: 1000, prefix: 'kept' }).services[0]!,
    status: 'active',
    minimum_age: 18,
    maximum_age: 65,
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
    schedules: [
      { id: crypto.randomUUID(), freq: 'MONTHLY', byday: '1MO,-1FR', opens_at: '10:00', closes_at: '12:00' },
      { id: crypto.randomUUID(), freq: 'MONTHLY', bymonthday: '15,-1', description: 'Mid-month and month end' },
      { id: crypto.randomUUID(), freq: 'WEEKLY', interval: 2, byday: 'WE', dtstart: '2026-01-07' },
      { id: crypto.randomUUID(), freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '11:00' },
    ],
    service_areas: [
      {
        id: crypto.randomUUID(),
        name: 'Lewisham',
        service_area: 'London Borough of Lewisham',
        extent: EXTENT,
        extent_type: 'geojson',
        uri: 'https://example.org/areas/lewisham',
      },
    ],
  };
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'kept-')), 'feed.json');
  await writeFile(file, JSON.stringify([record]));
  const summary = await runImport(s.db, fileReader(file), { zoneId: demo, location: `file:${file}` });
  expect(summary).toMatchObject({ created: 1, skipped: 0 });
  // Claimed, and given to the demo provider's organisation, which then edits it.
  const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
  [{ id: serviceId }] = (await s.db
    .update(services)
    .set({ claimed: true, organisationId: provider!.organisationId! })
    .where(eq(services.externalId, (record.id as string).toLowerCase()))
    .returning({ id: services.id })) as [{ id: number }];
  token = await s.signIn('provider@demo.test');
});
afterAll(() => s.close());

describe('saving a claimed imported listing', () => {
  it('the import stored what the form cannot edit', async () => {
    const { service, schedules, areas } = await stored();
    expect(service).toMatchObject({ minAge: 18, maxAge: 65 });
    expect(schedules.map((x) => [x.freq, x.interval, x.byDay, x.byMonthDay, x.byDayInMonth, x.dtstart])).toEqual([
      ['MONTHLY', 1, ['MO', 'FR'], [], ['1MO', '-1FR'], null],
      ['MONTHLY', 1, [], [15, -1], [], null],
      ['WEEKLY', 2, ['WE'], [], [], '2026-01-07'],
      ['WEEKLY', 1, ['TU'], [], [], null],
    ]);
    expect(areas).toMatchObject([
      { name: 'Lewisham', serviceArea: 'London Borough of Lewisham', extent: EXTENT, extentType: 'geojson' },
    ]);
  });

  it('a partial update (the name) keeps the rules, the areas and the ages', async () => {
    const before = await stored();
    const res = await s.gql(
      UPDATE,
      { input: { serviceId: globalId('Service', serviceId), name: 'Renamed club' } },
      token,
    );
    expect(res.data.updateService, JSON.stringify(res)).toMatchObject({
      __typename: 'UpdateServiceSuccess',
      service: { minAge: 18, maxAge: 65 },
    });
    const after = await stored();
    expect(after.service.name).toBe('Renamed club');
    expect(after.schedules).toEqual(before.schedules);
    expect(after.areas).toEqual(before.areas);
  });

  it('everything the form reads, sent back as the form sends it, changes nothing it did not edit', async () => {
    const before = await stored();
    const read = await s.gql(LISTING_FORM_QUERY, { id: globalId('Service', serviceId) }, token);
    const n = read.data.node;
    expect(n.schedules.map((x: { freq: string; interval: number }) => [x.freq, x.interval])).toEqual([
      ['MONTHLY', 1],
      ['MONTHLY', 1],
      ['WEEKLY', 2],
      ['WEEKLY', 1],
    ]);
    const input = {
      ...n,
      serviceId: globalId('Service', serviceId),
      description: 'Edited through the form',
      categoryIds: n.categories.map((c: { id: string }) => c.id),
      categories: undefined,
    };
    const res = await s.gql(UPDATE, { input }, token);
    expect(res.data.updateService.__typename).toBe('UpdateServiceSuccess');
    const after = await stored();
    expect(after.service).toMatchObject({ description: 'Edited through the form', minAge: 18, maxAge: 65 });
    expect(after.schedules).toEqual(before.schedules);
    expect(after.areas).toEqual(before.areas);
  });

  it('ages are 0 to 120, as imports keep them; 121 is a field error and changes nothing', async () => {
    const ok = await s.gql(
      UPDATE,
      { input: { serviceId: globalId('Service', serviceId), minAge: 30, maxAge: 120 } },
      token,
    );
    expect(ok.data.updateService.service).toMatchObject({ minAge: 30, maxAge: 120 });
    const before = await stored();
    const res = await s.gql(UPDATE, { input: { serviceId: globalId('Service', serviceId), maxAge: 121 } }, token);
    expect(res.data.updateService).toMatchObject({
      __typename: 'ValidationError',
      fieldErrors: [{ path: ['input', 'maxAge'], message: 'Maximum age must be 120 or less' }],
    });
    expect(await stored()).toEqual(before);
  });
});
