import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services, users } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { zoneId } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { LISTING_FORM_QUERY } from '../setup/listing-form';
import { globalId, startServer, type TestServer } from '../setup/server';

// Saving a listing's form rewrites its venues, opening times, contacts, costs, languages and
// areas. Each part keeps its id, which the Open Referral feed publishes and aggregators follow,
// and a venue keeps what the form does not show (an imported address's state_province).
let s: TestServer;
let token: string;
let serviceId: number;
let uuid: string;

const UPDATE = `mutation($input: UpdateServiceInput!) { updateService(input: $input) { __typename
  ... on Error { message } ... on ValidationError { fieldErrors { path message } } } }`;

// biome-ignore lint/suspicious/noExplicitAny: the published feed's JSON, read field by field
type Json = Record<string, any>;
const published = async (): Promise<Json> => {
  const res = await fetch(`${s.url}/openreferral/demo/services/${uuid}`);
  expect(res.status).toBe(200);
  return (await res.json()) as Json;
};
/** The ids of every part of a published service, with each venue's county. */
const partIds = (p: Json) => ({
  venues: p.service_at_locations.map((x: Json) => [
    x.location.id,
    x.location.addresses[0].address_1,
    x.location.addresses[0].state_province,
  ]),
  schedules: p.schedules.map((x: Json) => x.id),
  languages: p.languages.map((x: Json) => x.id),
  costs: p.cost_options.map((x: Json) => x.id),
  contacts: p.contacts.map((x: Json) => [x.id, x.phones.map((ph: Json) => ph.id)]),
  areas: p.service_areas.map((x: Json) => x.id),
});
const formInput = async () => {
  const n = (await s.gql(LISTING_FORM_QUERY, { id: globalId('Service', serviceId) }, token)).data.node;
  return {
    ...n,
    serviceId: globalId('Service', serviceId),
    categoryIds: n.categories.map((c: { id: string }) => c.id),
    categories: undefined,
  };
};
const save = async (input: Json) => {
  const res = await s.gql(UPDATE, { input }, token);
  expect(res.data.updateService.__typename, JSON.stringify(res)).toBe('UpdateServiceSuccess');
};

beforeAll(async () => {
  s = await startServer();
  const demo = await zoneId(s.db, 'demo');
  const base = generateFeed(2, { brokenEvery: 1000, prefix: 'part-ids' }).services;
  const venue = (sal: Json, county: string) => ({
    ...sal,
    location: {
      ...sal.location,
      addresses: [{ ...sal.location.addresses[0], state_province: county }],
    },
  });
  const record: Json = {
    ...base[0]!,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
    service_at_locations: [
      venue((base[0] as Json).service_at_locations[0], 'Kent'),
      venue((base[1] as Json).service_at_locations[0], 'England'),
    ],
    schedules: [
      { id: crypto.randomUUID(), freq: 'WEEKLY', byday: 'MO', opens_at: '09:00', closes_at: '12:00' },
      { id: crypto.randomUUID(), freq: 'WEEKLY', byday: 'WE', opens_at: '13:00', closes_at: '15:00' },
    ],
    cost_options: [{ id: crypto.randomUUID(), amount: 2.5, amount_description: 'per session' }],
    contacts: [
      {
        id: crypto.randomUUID(),
        name: 'Front desk',
        phones: [
          { id: crypto.randomUUID(), number: '020 7946 0000' },
          { id: crypto.randomUUID(), number: '020 7946 0001' },
        ],
      },
    ],
  };
  const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'part-ids-')), 'feed.json');
  await writeFile(file, JSON.stringify([record]));
  const summary = await runImport(s.db, fileReader(file), { zoneId: demo, location: `file:${file}` });
  expect(summary).toMatchObject({ created: 1, skipped: 0 });
  const [provider] = await s.db.select().from(users).where(eq(users.email, 'provider@demo.test'));
  [{ id: serviceId, uuid }] = (await s.db
    .update(services)
    .set({ claimed: true, organisationId: provider!.organisationId! })
    .where(eq(services.externalId, (record.id as string).toLowerCase()))
    .returning({ id: services.id, uuid: services.uuid })) as [{ id: number; uuid: string }];
  token = await s.signIn('provider@demo.test');
});
afterAll(() => s.close());

describe('saving a listing through its form', () => {
  it('keeps every part’s published id, and each venue its state_province', async () => {
    const before = await published();
    expect(partIds(before).venues.map((v: string[]) => v[2])).toEqual(['Kent', 'England']);
    await save({ ...(await formInput()), description: 'Edited through the form' });
    const after = await published();
    expect(after.description).toBe('Edited through the form');
    expect(partIds(after)).toEqual(partIds(before));
  });

  it('an edited part keeps the id of the one it resembles (a venue by name); a removed one’s id goes', async () => {
    const before = partIds(await published());
    const input = await formInput();
    input.locations = [{ ...input.locations[1], address: '2 Other Road' }];
    input.schedules = [input.schedules[1]];
    input.contacts = [{ ...input.contacts[0], phones: [input.contacts[0].phones[1]] }];
    input.costOptions = [{ ...input.costOptions[0], amountPence: 300 }];
    await save(input);
    const after = partIds(await published());
    expect(after.venues).toEqual([[before.venues[1][0], '2 Other Road', 'England']]);
    expect(after.schedules).toEqual([before.schedules[1]]);
    expect(after.contacts).toEqual([[before.contacts[0][0], [before.contacts[0][1][1]]]]);
    expect(after.costs).toEqual(before.costs);
  });

  it('a part added to the form is given a new id', async () => {
    const before = partIds(await published());
    const input = await formInput();
    input.languages = [...input.languages, { name: 'Welsh', code: 'cy' }];
    await save(input);
    const after = partIds(await published());
    expect(after.languages.slice(0, -1)).toEqual(before.languages);
    expect(after.languages).toHaveLength(before.languages.length + 1);
    expect(new Set(after.languages).size).toBe(after.languages.length);
  });
});
