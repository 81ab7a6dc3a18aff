import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceSchedules, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// Smaller losses on import (audit 36a, F7): a taxonomy's own description and version, a cost
// below zero said in the report, schedules keeping their ids when their service is rewritten.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

async function get(slug: string, path: string): Promise<Json> {
  const res = await fetch(`${s.url}/openreferral/${slug}/${path}`);
  expect(res.status, path).toBe(200);
  return res.json();
}

const scheduleUuids = async (externalId: string) => {
  const [row] = await s.db.select().from(services).where(eq(services.externalId, externalId));
  const rows = await s.db.select().from(serviceSchedules).where(eq(serviceSchedules.serviceId, row!.id));
  return new Map(rows.map((r) => [r.byDay.join(), r.uuid]));
};

describe('details an import keeps', () => {
  it('publishes a taxonomy’s own description and version (HSDS taxonomy_detail)', async () => {
    const { zone } = await createZone(s.db, 'kept-taxonomy', []);
    const [record] = generateFeed(1, { prefix: 'kept-taxonomy', brokenEvery: 1000 }).services as Json[];
    const taxonomyId = '6a0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a11';
    const termId = '6a0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a12';
    record.attributes = [
      {
        id: '6a0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a13',
        taxonomy_term_id: termId,
        taxonomy_term: {
          id: termId,
          name: 'Widget therapy',
          description: 'A term nobody knows',
          taxonomy_id: taxonomyId,
          taxonomy_detail: {
            id: taxonomyId,
            name: 'Audit taxonomy',
            description: 'Made up by the auditor',
            version: '1',
          },
        },
      },
    ];
    const summary = await runImport(s.db, memoryFeed([record]), { zoneId: zone.id, location: 'kept-taxonomy' });
    expect(summary.problems).toEqual([]);
    const published = (await get('kept-taxonomy', 'taxonomies')).contents.find((t: Json) => t.id === taxonomyId);
    expect(published).toEqual({
      id: taxonomyId,
      name: 'Audit taxonomy',
      description: 'Made up by the auditor',
      version: '1',
    });
    expect(await get('kept-taxonomy', `taxonomies/${taxonomyId}`)).toMatchObject({
      description: 'Made up by the auditor',
      version: '1',
    });
  });

  it('imports a cost below zero with no amount, and says so', async () => {
    const { zone } = await createZone(s.db, 'kept-cost', []);
    const [record] = generateFeed(1, { prefix: 'kept-cost', brokenEvery: 1000 }).services as Json[];
    record.cost_options = [{ id: '6a0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a21', amount: -5, amount_description: 'a session' }];
    const summary = await runImport(s.db, memoryFeed([record]), { zoneId: zone.id, location: 'kept-cost' });
    expect(summary).toMatchObject({ created: 1, skipped: 0 });
    expect(summary.notes).toEqual([
      { id: record.id, reason: 'cost option 1: amount -5 is below zero: imported with no amount' },
    ]);
    // The rest of the service and of the cost went in.
    const [row] = await s.db.select().from(services).where(eq(services.externalId, record.id));
    const published = await get('kept-cost', `services/${row!.uuid}`);
    expect(published.name).toBe(record.name);
    expect(published.cost_options).toHaveLength(1);
    expect(published.cost_options[0]).toMatchObject({ amount_description: 'a session' });
    expect(published.cost_options[0].amount).toBeUndefined();
  });

  it('keeps a schedule’s UUID when its service is rewritten: by the feed’s id, else by what it says', async () => {
    const { zone } = await createZone(s.db, 'kept-schedules', []);
    const [record] = generateFeed(1, { prefix: 'kept-schedules', brokenEvery: 1000 }).services as Json[];
    // The service's own schedule has an id (the schema asks for one); its venue's here has none.
    const withId = { id: '6a0e1c1e-4b8a-4d6e-9a57-0d7f3b1f0a31', freq: 'WEEKLY', byday: 'TU', description: 'with id' };
    const noId = { freq: 'WEEKLY', byday: 'WE', description: 'no id' };
    const venue = { ...record.service_at_locations[0], schedules: [noId] };
    const options = { zoneId: zone.id, location: 'kept-schedules' };
    const first = await runImport(
      s.db,
      memoryFeed([{ ...record, schedules: [withId], service_at_locations: [venue] }]),
      options,
    );
    expect(first.problems).toEqual([]);
    const before = await scheduleUuids(record.id);
    expect([...before.keys()].sort()).toEqual(['TU', 'WE']);
    // Renamed, and the schedule with an id now opens on Thursdays: both keep their UUIDs.
    const renamed = {
      ...record,
      name: `${record.name} renamed`,
      schedules: [{ ...withId, byday: 'TH' }],
      service_at_locations: [venue],
    };
    const second = await runImport(s.db, memoryFeed([renamed]), options);
    expect(second).toMatchObject({ updated: 1 });
    const after = await scheduleUuids(record.id);
    expect(after.get('TH')).toBe(before.get('TU'));
    expect(after.get('WE')).toBe(before.get('WE'));
  });
});
