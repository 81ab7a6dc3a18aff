import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, postcodes, serviceLocations, serviceSchedules, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { formatSummary } from '../../server/openreferral/summary';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// What a feed says per venue (audit 36a, F2 and F6): opening times given on a
// service_at_location are kept as the service's, named by the venue; a postal address (a PO box)
// is not a venue, so it is neither placed on the map nor found by distance, and the report says so.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;
const feed = generateFeed(2, { prefix: 'venues', brokenEvery: 1000 }).services as Json[];
const tuesday = [{ id: feed[0].schedules[0].id, freq: 'WEEKLY', byday: 'TU', opens_at: '09:00', closes_at: '11:00' }];
const monthly = { freq: 'MONTHLY', byday: '1MO,-1FR', opens_at: '10:00', closes_at: '12:00' };

async function get(slug: string, path: string): Promise<Json> {
  const res = await fetch(`${s.url}/openreferral/${slug}/${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
}
const namesOf = (body: Json): string[] => body.contents.map((x: Json) => x.name).sort();

describe('opening times and postal addresses given per venue', () => {
  it('keeps a venue’s opening times, and takes a postal address for no venue, saying so', async () => {
    const { zone } = await createZone(s.db, 'venues', []);
    const [near] = await s.db.select().from(postcodes).limit(1);
    const at = { latitude: near!.latitude, longitude: near!.longitude };
    // Record 0: its own opening on Tuesdays, and its venue's on the first Monday and last Friday.
    const venue = structuredClone(feed[0].service_at_locations[0]);
    Object.assign(venue.location, at);
    const withTimes = { ...feed[0], schedules: tuesday, service_at_locations: [{ ...venue, schedules: [monthly] }] };
    // Record 1: only a PO box, given a point right by the postcode searched.
    const poBox = {
      id: feed[1].service_at_locations[0].id,
      location: {
        id: feed[1].service_at_locations[0].location.id,
        location_type: 'postal',
        name: 'PO box',
        ...at,
        addresses: [
          {
            ...feed[1].service_at_locations[0].location.addresses[0],
            address_1: 'PO Box 1',
            postal_code: near!.postcode,
            address_type: 'postal',
          },
        ],
      },
    };
    const postalOnly = { ...feed[1], schedules: tuesday, service_at_locations: [poBox] };
    const records = [withTimes, postalOnly];
    const options = { zoneId: zone.id, location: 'venues' };

    const first = await runImport(s.db, memoryFeed(records), options);
    expect(first.problems).toEqual([]);
    expect(first).toMatchObject({ created: 2, skipped: 0 });
    const reported = [
      { id: postalOnly.id, reason: 'location "PO box" is a postal address, not a venue: not imported' },
    ];
    expect(first.notes).toEqual(reported);
    // Kept with the run, for the administrator's Imported directories page.
    const [source] = await s.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(source!.lastNotes).toEqual(reported);
    expect(formatSummary(first, { dryRun: false })).toContain(
      `Imported without some parts:\n  ${postalOnly.id}: ${reported[0]!.reason}`,
    );

    // Stored: the venue's opening is the service's, named by the venue.
    const [row] = await s.db.select().from(services).where(eq(services.externalId, withTimes.id));
    const stored = await s.db.select().from(serviceSchedules).where(eq(serviceSchedules.serviceId, row!.id));
    expect(stored.map((x) => [x.byDay, x.byDayInMonth, x.freq, x.description]).sort()).toEqual([
      [['MO', 'FR'], ['1MO', '-1FR'], 'MONTHLY', 'At Centre 0'],
      [['TU'], [], 'WEEKLY', ''],
    ]);

    // Published, and the feed still validates.
    const body = await get('venues', `services/${row!.uuid}`);
    expect(schemaErrors('service', body)).toEqual([]);
    expect(body.schedules.map(({ id: _, service_id: __, ...x }: Json) => x)).toContainEqual({
      ...monthly,
      description: 'At Centre 0',
    });

    // Found by day: Monday is only the venue's.
    expect(namesOf(await get('venues', 'services?day=MO'))).toEqual([withTimes.name]);
    expect(namesOf(await get('venues', 'services?day=TU'))).toEqual([withTimes.name, postalOnly.name].sort());

    // The PO box is no venue: no row, no map point, not published as a place, not found by distance.
    const [postal] = await s.db.select().from(services).where(eq(services.externalId, postalOnly.id));
    expect(await s.db.select().from(serviceLocations).where(eq(serviceLocations.serviceId, postal!.id))).toEqual([]);
    const postalBody = await get('venues', `services/${postal!.uuid}`);
    expect(schemaErrors('service', postalBody)).toEqual([]);
    expect(postalBody.service_at_locations).toEqual([]);
    const nearby = await get('venues', `services?postcode=${encodeURIComponent(near!.postcode)}&proximity=5000`);
    expect(schemaErrors('services', nearby)).toEqual([]);
    expect(namesOf(nearby)).toEqual([withTimes.name]);

    // A second run of the same feed changes nothing, and says again what it did not take.
    const second = await runImport(s.db, memoryFeed(records), options);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 2, skipped: 0 });
    expect(second.notes).toEqual(reported);
  });

  it('refuses a record whose venue gives an opening it cannot keep, with the reason', async () => {
    const { zone } = await createZone(s.db, 'venues-bad', []);
    const venue = { ...feed[0].service_at_locations[0], schedules: [{ ...monthly, interval: 0 }] };
    const bad = { ...feed[0], service_at_locations: [venue] };
    const summary = await runImport(s.db, memoryFeed([bad]), { zoneId: zone.id, location: 'venues-bad' });
    expect(summary).toMatchObject({ created: 0, skipped: 1 });
    expect(summary.problems).toEqual([
      { id: bad.id, reason: 'service_at_location 1, schedule 1: interval 0 is not a whole number from 1 to 99' },
    ]);
  });
});
