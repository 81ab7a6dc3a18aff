import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, serviceAreas, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { STANDARD_DIR } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Audit 44 ORUK F2: what an import leaves out or changes is said in the run's notes, per
// record, quoting at most 60 characters of the feed's text; nothing goes silently.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

const longUri = `https://example.org/${'a'.repeat(300)}`;
const longArea =
  'Lewisham, Catford, Bellingham, Downham, Grove Park, Lee, Hither Green, Ladywell, Brockley and the streets just north of them';

describe('an import of records with parts a listing cannot hold as given', () => {
  it('says per record what it left out or changed', async () => {
    const { zone } = await createZone(s.db, 'import-notes', []);
    const records = generateFeed(8, { prefix: 'import-notes', brokenEvery: 1000 }).services as Json[];
    const [noPlace, virtual, badDays, area, offGlobe, halfYear, access, nowhere] = records;
    Object.assign(noPlace, {
      alert: 'Closed from 24 December to 2 January while the hall is repainted; sessions move online',
      fees: '£2 a session',
      fees_description: 'Free for families on Universal Credit',
      accreditations: 'Ofsted registered',
    });
    virtual.service_at_locations.push({
      id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a01',
      location: {
        id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a02',
        location_type: 'virtual',
        name: 'Zoom',
        url: 'https://zoom.example.org/j/123',
      },
    });
    badDays.schedules = [
      {
        id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a03',
        freq: 'WEEKLY',
        byday: 'XX',
        opens_at: '09:00',
        closes_at: '10:00',
      },
      { id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a04', freq: 'WEEKLY', byday: 'MO,ZZ', opens_at: '09:00' },
    ];
    area.service_areas = [
      { id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a05', name: longArea },
      // A link readers would show: kept when it is a web address, left out (and said) when not.
      { id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a09', name: 'Lewisham', uri: 'javascript:alert(document.cookie)' },
      // Longer than the listing form takes: a provider editing the claimed listing could not save it.
      { id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a0b', name: 'Lee', uri: longUri },
      {
        id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a0a',
        name: 'Lewisham borough',
        uri: 'http://statistics.data.gov.uk/id/statistical-geography/E09000023',
      },
    ];
    Object.assign(offGlobe.service_at_locations[0].location, { latitude: 200, longitude: 400 });
    halfYear.minimum_age = 4.5;
    // Off the globe and at a postcode we cannot place: the venue cannot go on the map at all.
    Object.assign(nowhere.service_at_locations[0].location, { latitude: 200, longitude: 0 });
    nowhere.service_at_locations[0].location.addresses[0].postal_code = 'ZZ9 9ZZ';
    access.service_at_locations[0].location.accessibility = [
      { id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a06', description: 'Wheelchair access via the side door on Mill Lane' },
      { id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a07', accessibility: 'Lift to all floors' },
      // The same text in two fields (as the standard's own example gives it) is one note, not two.
      {
        id: '0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a08',
        description: 'Hearing loop at reception and step-free entrance',
        accessibility: 'Hearing loop at reception and step-free entrance',
      },
    ];
    const summary = await runImport(s.db, memoryFeed(records), { zoneId: zone.id, location: 'import-notes' });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ created: 8, skipped: 0 });
    const noted = (id: string) => summary.notes.filter((n) => n.id === id).map((n) => n.reason);

    expect(noted(noPlace.id)).toEqual([
      'alert "Closed from 24 December to 2 January while the hall is…" not imported: a listing has no place for it',
      'fees "£2 a session" not imported: a listing has no place for it',
      'fees_description "Free for families on Universal Credit" not imported: a listing has no place for it',
      'accreditations "Ofsted registered" not imported: a listing has no place for it',
    ]);
    expect(noted(virtual.id)).toEqual([
      'location "Zoom" is virtual: its url "https://zoom.example.org/j/123" not imported',
    ]);
    expect(noted(badDays.id)).toEqual([
      'schedule 1: byday "XX" names no day: schedule not imported',
      'schedule 2: byday "MO,ZZ": "ZZ" names no day: left out',
    ]);
    expect(noted(area.id)).toEqual([
      'service area 1: name "Lewisham, Catford, Bellingham, Downham, Grove Park, Lee,…" cut to 120 characters at a word',
      'service area 2: uri "javascript:alert(document.cookie)" not imported: not a usable web address (http or https, at most 300 characters)',
      expect.stringMatching(
        /^service area 3: uri "https:\/\/example\.org\/a+…" not imported: not a usable web address \(http or https, at most 300 characters\)$/,
      ),
    ]);
    // Said once, with what came of it: placed by the postcode, or not imported at all.
    expect(noted(offGlobe.id)).toEqual([
      `location "${offGlobe.service_at_locations[0].location.name}": latitude 200 and longitude 400 are not on the globe: placed by its postcode instead`,
    ]);
    const unplaced = nowhere.service_at_locations[0].location.name;
    expect(noted(nowhere.id)).toEqual([
      `location "${unplaced}": latitude 200 is not on the globe and postcode "ZZ9 9ZZ" is not one we know: venue not imported`,
    ]);
    expect(noted(halfYear.id)).toEqual(["minimum_age 4.5 rounded to 5: a listing's ages are whole years"]);
    const venue = access.service_at_locations[0].location.name;
    expect(noted(access.id)).toEqual([
      `location "${venue}": accessibility "Wheelchair access via the side door on Mill Lane" kept only as Wheelchair accessible`,
      `location "${venue}": accessibility "Lift to all floors" not imported`,
      `location "${venue}": accessibility "Hearing loop at reception and step-free entrance" kept only as Step-free access, Hearing loop`,
    ]);
    // Kept with the run, for the administrator's Imported directories page.
    const [source] = await s.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(source!.lastNotes).toContainEqual({
      id: halfYear.id,
      reason: "minimum_age 4.5 rounded to 5: a listing's ages are whole years",
    });

    // The area went in cut at a word, as the note says.
    const [row] = await s.db.select().from(services).where(eq(services.externalId, area.id));
    const published = await (await fetch(`${s.url}/openreferral/import-notes/services/${row!.uuid}`)).json();
    expect(published.service_areas[0].name).toBe(
      'Lewisham, Catford, Bellingham, Downham, Grove Park, Lee, Hither Green, Ladywell, Brockley and the streets just north of…',
    );
    expect(published.service_areas.map((a: Json) => a.uri ?? null)).toEqual([
      null,
      null,
      null,
      'http://statistics.data.gov.uk/id/statistical-geography/E09000023',
    ]);
    // One written some other way (by hand, before the forms checked) is not published either.
    await s.db.update(serviceAreas).set({ uri: 'javascript:void(0)' }).where(eq(serviceAreas.serviceId, row!.id));
    const again = await (await fetch(`${s.url}/openreferral/import-notes/services/${row!.uuid}`)).json();
    expect(again.service_areas.map((a: Json) => a.uri ?? null)).toEqual([null, null, null, null]);
  });

  it("reads well for the standard's own example, service_full.json (a venue at latitude 100, postcode ABC 1234)", async () => {
    const { zone } = await createZone(s.db, 'import-notes-example', []);
    const record = JSON.parse(readFileSync(`${STANDARD_DIR}/examples/service_full.json`, 'utf8'));
    const summary = await runImport(s.db, memoryFeed([record]), { zoneId: zone.id, location: 'import-notes-example' });
    expect(summary).toMatchObject({ created: 1, skipped: 0 });
    const venue = 'location "MyCity Civic Center":';
    // The venue is not imported, so that is all it says of it: no note on its accessibility text.
    const notes = summary.notes.map((n) => n.reason).filter((n) => n.startsWith(venue));
    expect(notes).toEqual([
      `${venue} latitude 100 is not on the globe and postcode "ABC 1234" is not one we know: venue not imported`,
    ]);
  });

  it('says of a venue it cannot place only that it is not imported, not what it cut of its fields', async () => {
    const { zone } = await createZone(s.db, 'import-notes-unplaced', []);
    const [unplaced, placed] = generateFeed(2, { prefix: 'import-notes-unplaced', brokenEvery: 1000 })
      .services as Json[];
    const long = Array.from({ length: 40 }, (_, i) => `word${i}`).join(' ');
    for (const [i, record] of [unplaced, placed].entries()) {
      const location = record.service_at_locations[0].location;
      location.name = long;
      location.accessibility = [
        {
          id: `0b0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a1${i}`,
          description: 'Wheelchair access via the side door on Mill Lane',
        },
      ];
    }
    const location = unplaced.service_at_locations[0].location;
    Object.assign(location, { latitude: undefined, longitude: undefined });
    location.addresses[0].postal_code = 'ZZ9 9ZZ';
    const summary = await runImport(s.db, memoryFeed([unplaced, placed]), {
      zoneId: zone.id,
      location: 'import-notes-unplaced',
    });
    expect(summary.problems).toEqual([]);
    expect(summary).toMatchObject({ created: 2, skipped: 0 });
    const noted = (id: string) => summary.notes.filter((n) => n.id === id).map((n) => n.reason);
    expect(noted(unplaced.id)).toEqual([
      expect.stringMatching(
        /^location "word0 .*…": no point and postcode "ZZ9 9ZZ" is not one we know: venue not imported$/,
      ),
    ]);
    // The same venue placed says both.
    expect(noted(placed.id)).toEqual([
      expect.stringMatching(
        /^location "word0 .*…": accessibility "Wheelchair access .*" kept only as Wheelchair accessible$/,
      ),
      expect.stringMatching(/^location name "word0 .*…" cut to 120 characters$/),
    ]);
  });

  it('says a venue it cannot place on every run, not only on the run that writes the record', async () => {
    const { zone } = await createZone(s.db, 'import-notes-again', []);
    const [record] = generateFeed(1, { prefix: 'import-notes-again', brokenEvery: 1000 }).services as Json[];
    const location = record.service_at_locations[0].location;
    Object.assign(location, { latitude: undefined, longitude: undefined });
    location.addresses[0].postal_code = 'ZZ9 9ZZ';
    const note = `location "${location.name}": no point and postcode "ZZ9 9ZZ" is not one we know: venue not imported`;
    const run = () => runImport(s.db, memoryFeed([record]), { zoneId: zone.id, location: 'import-notes-again' });
    const first = await run();
    expect(first).toMatchObject({ created: 1 });
    expect(first.notes).toEqual([{ id: record.id, reason: note }]);
    const second = await run();
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 1 });
    expect(second.notes).toEqual([{ id: record.id, reason: note }]);
  });
});
