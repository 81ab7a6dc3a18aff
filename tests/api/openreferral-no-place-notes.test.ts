import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSchedules, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Audit 55 ORUK finding 4: legal ORUK fields that nothing here holds (an assurance, funding, a
// logo, a venue's description, an address's region, a schedule's link) went without a word in
// the run's report. Each is now said per record; a schedule's notes are kept beside its description.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

describe('fields with no place here', () => {
  it('are each said in the run’s notes; a schedule’s notes are kept with its description', async () => {
    const { zone } = await createZone(s.db, 'no-place', []);
    const [record] = generateFeed(1, { prefix: 'no-place', brokenEvery: 1000 }).services as Json[];
    Object.assign(record, {
      assured_date: '2026-01-15',
      assurer_email: 'assurer@example.org',
      funding: [{ id: '7d1f0c0e-1111-4a6e-9a57-0d7f3b1f0a01', source: 'Lottery' }],
    });
    Object.assign(record.organization, {
      logo: 'https://example.org/logo.png',
      uri: 'https://example.org/org/1',
      parent_organization_id: '7d1f0c0e-1111-4a6e-9a57-0d7f3b1f0a02',
    });
    const location = record.service_at_locations[0].location;
    Object.assign(location, { description: 'Entrance round the back', external_identifier: '100023336956' });
    Object.assign(location.addresses[0], {
      attention: 'Reception',
      region: 'London',
      state_province: 'Greater London',
    });
    record.schedules = [
      {
        id: '7d1f0c0e-1111-4a6e-9a57-0d7f3b1f0a03',
        freq: 'WEEKLY',
        byday: 'MO',
        opens_at: '09:00',
        closes_at: '10:00',
        description: 'Term time only',
        notes: 'Closed on bank holidays',
        attending_type: 'drop in',
        schedule_link: 'https://example.org/timetable',
      },
    ];
    const summary = await runImport(s.db, memoryFeed([record]), { zoneId: zone.id, location: 'no-place' });
    expect(summary).toMatchObject({ created: 1, skipped: 0 });
    const venue = `location "${location.name}":`;
    expect(summary.notes.map((n) => n.reason).sort()).toEqual(
      [
        'assured_date "2026-01-15" not imported: a listing has no place for it',
        'assurer_email "assurer@example.org" not imported: a listing has no place for it',
        'funding (1 source) not imported: a listing has no place for it',
        'organization logo "https://example.org/logo.png" not imported: an organisation has no place for it',
        'organization uri "https://example.org/org/1" not imported: an organisation has no place for it',
        'organization parent_organization_id "7d1f0c0e-1111-4a6e-9a57-0d7f3b1f0a02" not imported: an organisation has no place for it',
        `${venue} description "Entrance round the back" not imported: a venue has no place for it`,
        `${venue} external_identifier "100023336956" not imported: a venue has no place for it`,
        `${venue} address attention "Reception" not imported: a venue has no place for it`,
        `${venue} address region "London" not imported: a venue has no place for it`,
        'schedule 1: attending_type "drop in" not imported: a schedule has no place for it',
        'schedule 1: schedule_link "https://example.org/timetable" not imported: a schedule has no place for it',
      ].sort(),
    );
    const [row] = await s.db.select().from(services).where(eq(services.externalId, record.id));
    const schedules = await s.db.select().from(serviceSchedules).where(eq(serviceSchedules.serviceId, row!.id));
    expect(schedules.map((x) => x.description)).toEqual(['Term time only; Closed on bank holidays']);
  });
});
