import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryIdsBySlug, createZone, saveListings } from '../oruk/fixtures';
import { startServer, type TestServer } from '../setup/server';

// Directory search on the Open Referral fields: open on a day and after a time, language,
// venue access. Three listings in a zone of their own tell the filters apart.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  const cats = await categoryIdsBySlug(s.db);
  const { zone, orgs } = await createZone(s.db, 'searchable', ['Search org']);
  const base = {
    description: 'A test listing',
    deliveryModes: ['COMMUNITY_VENUE'],
    commissionable: false,
    evidenceLevel: 'NONE',
    districtIds: [],
    categoryIds: [cats.get('counselling')],
    minAge: 0,
    maxAge: 18,
  };
  const venue = (accessibility: string[]) => [
    {
      name: 'Hall',
      address: '1 High Street, London',
      postcode: 'SE6 4RU',
      latitude: 51.44,
      longitude: -0.02,
      accessibility,
    },
  ];
  await saveListings(s.db, { zoneId: zone.id, organisationId: orgs[0]!.id }, [
    {
      ...base,
      name: 'Saturday evening',
      schedules: [{ days: ['SA'], opensAt: '15:00', closesAt: '18:00' }],
      languages: [{ name: 'Polish', code: 'pl' }],
      locations: venue(['WHEELCHAIR', 'HEARING_LOOP']),
    },
    {
      ...base,
      name: 'Saturday morning',
      schedules: [
        { days: ['SA'], opensAt: '09:00', closesAt: '12:00' },
        { days: ['TU'], opensAt: '17:00', closesAt: '19:00' },
      ],
      languages: [{ name: 'English', code: 'en' }],
      locations: venue(['WHEELCHAIR']),
    },
    { ...base, name: 'No details', locations: venue([]) },
  ]);
});
afterAll(() => s.close());

async function names(filter: Record<string, unknown>): Promise<string[]> {
  const res = await s.gql(
    `query($f: ServiceFilter) { services(first: 50, filter: $f) { totalCount edges { node { name } } } }`,
    { f: { zoneSlug: 'searchable', ...filter } },
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  const list = res.data.services.edges.map((e: { node: { name: string } }) => e.node.name);
  expect(res.data.services.totalCount).toBe(list.length);
  return list;
}

describe('search on opening times, language and access', () => {
  it('open on a day', async () => {
    expect(await names({ openOn: ['SA'] })).toEqual(['Saturday evening', 'Saturday morning']);
    expect(await names({ openOn: ['TU', 'WE'] })).toEqual(['Saturday morning']);
  });
  it('open on Saturday after 16:00 needs one opening that does both', async () => {
    expect(await names({ openOn: ['SA'], openAfter: '16:00' })).toEqual(['Saturday evening']);
    // Saturday morning is open after 16:00 only on Tuesday.
    expect(await names({ openAfter: '16:00' })).toEqual(['Saturday evening', 'Saturday morning']);
  });
  it('language by name or code, any case', async () => {
    expect(await names({ languages: ['polish'] })).toEqual(['Saturday evening']);
    expect(await names({ languages: ['EN', 'xx'] })).toEqual(['Saturday morning']);
  });
  it('venue access: every feature asked for', async () => {
    expect(await names({ accessibility: ['WHEELCHAIR'] })).toEqual(['Saturday evening', 'Saturday morning']);
    expect(await names({ accessibility: ['WHEELCHAIR', 'HEARING_LOOP'] })).toEqual(['Saturday evening']);
  });
  it('a malformed time is a field error', async () => {
    const res = await s.gql(`{ services(filter: { openAfter: "4pm" }) { totalCount } }`);
    expect(res.errors?.[0]?.message).toMatch(/time like 16:00/);
  });
});

describe('what each result says (the demo directory)', () => {
  it('self-referral, opening times and telephone come with a result, in one statement', async () => {
    const res = await s.gql(
      `query($f: ServiceFilter) { services(first: 50, filter: $f) { edges { node {
        name selfReferral contactPhone schedules { days opensAt closesAt } } } } }`,
      { f: { zoneSlug: 'demo', openOn: ['SA'], openAfter: '16:00' } },
    );
    expect(res.errors).toBeUndefined();
    const nodes = res.data.services.edges.map((e: { node: unknown }) => e.node);
    expect(nodes.map((n: { name: string }) => n.name)).toEqual([
      'Family swim sessions',
      'Saturday drama club',
      'Youth club evenings',
    ]);
    expect(nodes[0]).toMatchObject({
      selfReferral: true,
      contactPhone: expect.stringMatching(/^020 8\d{3} \d{4}$/),
      schedules: [{ days: ['SA', 'SU'], opensAt: '16:00', closesAt: '18:00' }],
    });
    // The listings with their opening times: one statement for the page.
    expect(res.statements).toBe(1);
  });
  it('self-referral is null where a listing does not say, false where it says no', async () => {
    const res = await s.gql(
      `{ services(first: 100, filter: { zoneSlug: "demo" }) { edges { node { name selfReferral } } } }`,
    );
    const by = new Map(
      res.data.services.edges.map((e: { node: { name: string; selfReferral: boolean | null } }) => [
        e.node.name,
        e.node.selfReferral,
      ]),
    );
    expect(by.get('Family drop-in')).toBe(true);
    expect(by.get('Family therapy sessions')).toBe(false);
    expect(by.get('Child play therapy')).toBeNull();
  });
  it('language and access on the demo directory', async () => {
    // The Dads' group is in Polish too, but archived.
    expect(await names({ zoneSlug: 'demo', languages: ['Polish'] })).toEqual([
      'Family drop-in',
      'Talking together groups',
    ]);
    expect(await names({ zoneSlug: 'demo', accessibility: ['WHEELCHAIR', 'HEARING_LOOP'] })).toEqual([
      'Parent peer support groups',
      'Talking together groups',
      'Youth club evenings',
    ]);
  });
});
