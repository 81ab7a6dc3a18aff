import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSchedules, services } from '../../drizzle/schema';
import type { ImportSummary } from '../../schema/domain/openreferral/import-page';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// What an import cuts short or leaves out of a record (a long phone description, an address
// that is no address, a schedule with times but no day) is said in the run's notes, per record,
// as the parts a listing has no place for are (openreferral-import-notes.test.ts).

let s: TestServer;
// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;
let records: Json[];
let summary: ImportSummary;
const noted = (r: Json) => summary.notes.filter((n) => n.id === r.id).map((n) => n.reason);
const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i}`).join(' ');

beforeAll(async () => {
  s = await startServer();
  const { zone } = await createZone(s.db, 'cut-notes', []);
  records = generateFeed(15, { prefix: 'cut-notes', brokenEvery: 1000 }).services as Json[];
  const [term, phones, contact, language, cost, access, scheduleText, org, venue, addresses, noDay, dates, atVenue] =
    records;
  const [online, area] = records.slice(13);
  online.service_at_locations.push({
    id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a08',
    location: { id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a09', location_type: 'virtual', name: words(25) },
  });
  area.service_areas = [{ id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a10', name: words(25), service_area: words(25) }];
  term.attributes.push({ id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a01', link_type: 'service' });
  phones.contacts[0].phones = [
    { id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a02', number: `020 7946 0000 ${'9'.repeat(40)}`, description: words(30) },
    { id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a03', description: 'Text only' },
  ];
  Object.assign(contact.contacts[0], { name: words(25), title: words(26) });
  language.languages[0].name = words(12);
  cost.cost_options[0].amount_description = words(12);
  access.service_at_locations[0].location.accessibility = [
    { id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a04', details: words(200) },
  ];
  scheduleText.schedules[0].description = words(50);
  org.organization = { ...org.organization, id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a05', description: words(600) };
  org.organization_id = org.organization.id;
  Object.assign(venue.service_at_locations[0].location, { name: words(25) });
  venue.service_at_locations[0].location.addresses[0].address_1 = words(55);
  addresses.url = 'ftp://files.example.org/leaflet';
  addresses.contacts[0].email = 'nobody at example.org';
  noDay.schedules = [{ id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a06', opens_at: '09:00', closes_at: '12:00' }];
  Object.assign(dates.schedules[0], { valid_from: '2026-09-01', valid_to: '2026-03-31' });
  atVenue.service_at_locations[0].schedules = [
    { id: '1d1e0c1e-4b8a-4d6e-9a57-0d7f3b1f0a07', freq: 'WEEKLY', byday: 'MO', description: words(50) },
  ];
  summary = await runImport(s.db, memoryFeed(records), { zoneId: zone.id, location: 'cut-notes' });
  expect(summary.problems).toEqual([]);
  expect(summary).toMatchObject({ created: 15, skipped: 0 });
});
afterAll(() => s.close());

describe('an import that cuts or leaves out part of a record says so', () => {
  it('an attribute naming no taxonomy term', () => {
    expect(noted(records[0])).toEqual(['attribute 2 names no taxonomy term id: not imported']);
  });
  it('a phone’s number and description cut, and a phone with no number', () => {
    expect(noted(records[1])).toEqual([
      'contact 1: phone 1: number "020 7946 0000 9999999999999999999999999999999999999999" cut to 40 characters',
      'contact 1: phone 1: description "word0 word1 word2 word3 word4 word5 word6 word7 word8 word9…" cut to 120 characters',
      'contact 1: phone 2 "Text only" has no number: not imported',
    ]);
  });
  it('a contact’s name and title cut', () => {
    expect(noted(records[2])).toEqual([
      expect.stringMatching(/^contact 1: name "word0 .*…" cut to 120 characters$/),
      expect.stringMatching(/^contact 1: title "word0 .*…" cut to 120 characters$/),
    ]);
  });
  it('a language’s name cut', () => {
    expect(noted(records[3])).toEqual([expect.stringMatching(/^language 1: name "word0 .*" cut to 60 characters$/)]);
  });
  it('a cost option’s amount_description cut', () => {
    expect(noted(records[4])).toEqual([
      expect.stringMatching(/^cost option 1: amount_description "word0 .*" cut to 60 characters$/),
    ]);
  });
  it('a venue’s accessibility notes over 1,000 characters cut', () => {
    const name = records[5].service_at_locations[0].location.name;
    expect(noted(records[5])).toEqual([
      expect.stringMatching(new RegExp(`^location "${name}": accessibility notes "word0 .*…" cut to 1000 characters$`)),
    ]);
  });
  it('a schedule’s description cut', () => {
    expect(noted(records[6])).toEqual([
      expect.stringMatching(/^schedule 1: description "word0 .*…" cut to 300 characters$/),
    ]);
  });
  it('the organisation’s description cut', () => {
    expect(noted(records[7])).toEqual([
      expect.stringMatching(/^organization description "word0 .*…" cut to 4000 characters$/),
    ]);
  });
  it('a venue’s name and address cut', () => {
    expect(noted(records[8])).toEqual([
      expect.stringMatching(/^location name "word0 .*…" cut to 120 characters$/),
      expect.stringMatching(/^location "word0 .*…": address "word0 .*…" cut to 300 characters$/),
    ]);
  });
  it('a web address and an email address we could not publish', () => {
    expect(noted(records[9])).toEqual([
      'url "ftp://files.example.org/leaflet" not imported: not a usable web address (http or https, at most 300 characters)',
      'contact 1: email "nobody at example.org" not imported: not a usable email address',
    ]);
  });
  it('a schedule with times but no day', () => {
    expect(noted(records[10])).toEqual(['schedule 1: opening times 09:00 to 12:00 but no day: schedule not imported']);
  });
  it('a schedule valid from a date after it is valid to', () => {
    expect(noted(records[11])).toEqual([
      'schedule 1: valid_from 2026-09-01 is after valid_to 2026-03-31: neither imported',
    ]);
  });
  it('a venue schedule’s description cut once, leaving room for the venue’s name', async () => {
    const name = records[12].service_at_locations[0].location.name;
    expect(noted(records[12])).toEqual([
      expect.stringMatching(
        new RegExp(
          `^service_at_location 1, schedule 1: description "word0 .*…" cut to ${300 - `At ${name}: `.length} characters$`,
        ),
      ),
    ]);
    const [row] = await s.db.select().from(services).where(eq(services.externalId, records[12].id));
    const kept = await s.db.select().from(serviceSchedules).where(eq(serviceSchedules.serviceId, row!.id));
    const description = kept.find((k) => k.description.startsWith(`At ${name}: word0`))!.description;
    expect(description.length).toBeLessThanOrEqual(300);
    expect(description).toBe(`At ${name}: ${words(50).slice(0, 300 - `At ${name}: `.length)}`);
  });
  it('a virtual location’s name cut as other venues’ names are', () => {
    expect(noted(records[13])).toEqual([
      expect.stringMatching(/^location name "Online \(word0 .*…" cut to 120 characters$/),
    ]);
  });
  it('a service area’s name and service_area, the same long text, cut with one note', () => {
    expect(noted(records[14])).toEqual([
      expect.stringMatching(/^service area 1: name "word0 .*…" cut to 120 characters at a word$/),
    ]);
  });
});
