import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { STANDARD_DIR } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Audit 61 F10: the standard's service_full.json has one opening, Thursday and Friday, valid from
// 1 January 2005 until 1 January 2005, and the listing's page showed it as its opening times.
// An opening whose validTo has passed (London date, the server's clock: 30 November 2026 in tests)
// is not current: asked for current openings, it is left out; "open on" does not match it. The
// provider's form still gets it (all openings, the default), and the feed republishes it as given.

// biome-ignore lint/suspicious/noExplicitAny: bodies are read dynamically.
type Json = any;

let s: TestServer;
const ids: Record<string, string> = {};
const opening = (id: string, byday: string, dates: Record<string, string>) => ({
  id,
  freq: 'WEEKLY',
  byday,
  opens_at: '10:00',
  closes_at: '12:00',
  ...dates,
});
beforeAll(async () => {
  s = await startServer();
  const { zone } = await createZone(s.db, 'ended-openings', []);
  const example = JSON.parse(readFileSync(`${STANDARD_DIR}/examples/service_full.json`, 'utf8'));
  const [current] = generateFeed(1, { prefix: 'ended-openings', brokenEvery: 1000 }).services as Json[];
  Object.assign(current, {
    name: 'Still running group',
    status: 'active',
    schedules: [
      opening('5e0c6b7a-1f2d-4c3b-9a8e-000000000001', 'TH', { valid_to: '2026-11-30' }), // its last day is today
      opening('5e0c6b7a-1f2d-4c3b-9a8e-000000000002', 'MO', { valid_from: '2027-01-04' }), // not yet, but coming
      opening('5e0c6b7a-1f2d-4c3b-9a8e-000000000003', 'SA', { valid_to: '2026-11-29' }), // ended yesterday
    ],
  });
  const summary = await runImport(s.db, memoryFeed([example, current]), { zoneId: zone.id, location: 'ended' });
  expect(summary.problems).toEqual([]);
  const res = await s.gql(
    `{ services(first: 10, filter: { zoneSlug: "ended-openings" }) { edges { node { id name } } } }`,
  );
  for (const e of (res.data as Json).services.edges) ids[e.node.name] = e.node.id;
  expect(Object.keys(ids).sort()).toEqual(['Community Counselling', 'Still running group']);
});
afterAll(() => s.close());

async function openings(name: string, args = '') {
  const res = await s.gql(
    `query($id: ID!) { node(id: $id) { ... on Service { schedules${args} { days validFrom validTo } } } }`,
    {
      id: ids[name],
    },
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return (res.data as Json).node.schedules as { days: string[]; validFrom: string | null; validTo: string | null }[];
}

async function openOn(day: string): Promise<string[]> {
  const res = await s.gql(`query($f: ServiceFilter) { services(first: 10, filter: $f) { edges { node { name } } } }`, {
    f: { zoneSlug: 'ended-openings', openOn: [day] },
  });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return (res.data as Json).services.edges.map((e: Json) => e.node.name).sort();
}

describe('an opening whose validTo has passed', () => {
  it('is left out of a listing’s current openings; one ending today or not yet begun is kept', async () => {
    expect(await openings('Community Counselling', '(includeEnded: false)')).toEqual([]);
    expect((await openings('Still running group', '(includeEnded: false)')).map((o) => o.days)).toEqual([
      ['TH'],
      ['MO'],
    ]);
  });

  it('is still given to whoever asks for all openings (the provider’s form keeps it)', async () => {
    expect(await openings('Community Counselling')).toEqual([
      { days: ['TH', 'FR'], validFrom: '2005-01-01', validTo: '2005-01-01' },
    ]);
    expect(await openings('Still running group')).toHaveLength(3);
  });

  it('does not make a listing "open on" its days', async () => {
    expect(await openOn('FR')).toEqual([]);
    expect(await openOn('SA')).toEqual([]);
    expect(await openOn('TH')).toEqual(['Still running group']);
    expect(await openOn('MO')).toEqual(['Still running group']);
  });

  it("does not make a listing found by the feed's day, start_time or end_time either", async () => {
    const names = async (query: string) =>
      ((await (await fetch(`${s.url}/openreferral/ended-openings/services?${query}`)).json()) as Json).contents
        .map((c: Json) => c.name)
        .sort();
    expect(await names('day=friday')).toEqual([]);
    expect(await names('day=saturday')).toEqual([]);
    expect(await names('day=thursday')).toEqual(['Still running group']);
    expect(await names('day=monday&start_time=09:00')).toEqual(['Still running group']);
    const atVenues = (await (
      await fetch(`${s.url}/openreferral/ended-openings/service_at_locations?day=friday`)
    ).json()) as Json;
    expect(atVenues.total_items).toBe(0);
  });

  it('is republished in the Open Referral feed as the source gave it', async () => {
    const res = await s.gql(`query($id: ID!) { node(id: $id) { ... on Service { uuid } } }`, {
      id: ids['Community Counselling'],
    });
    const uuid = (res.data as Json).node.uuid;
    const body = (await (await fetch(`${s.url}/openreferral/ended-openings/services/${uuid}`)).json()) as Json;
    expect(body.schedules).toMatchObject([{ valid_from: '2005-01-01', valid_to: '2005-01-01', byday: 'TH,FR' }]);
  });
});
