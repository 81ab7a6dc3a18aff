import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, services } from '../../drizzle/schema';
import { type FeedReader, runImport } from '../../schema/domain/openreferral/importer';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Feed shapes other directories publish (audit 36a): an organisation named only by id, reversed
// ages, a service's own phones, overnight or wordy openings, opening times per venue. Each is
// imported, then read back from our published feed, which must still validate.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;
const feed = generateFeed(6, { prefix: 'shapes', brokenEvery: 1000 }).services as Json[];
const record = (i: number, changes: Json = {}): Json => ({ ...structuredClone(feed[i]), ...changes });
/** Record i naming record j's organisation by its id alone. */
const byIdOnly = (i: number, j: number): Json => {
  const { organization: _, ...rest } = record(i);
  return { ...rest, organization_id: feed[j].organization.id };
};
const reader = (...pages: unknown[][]): FeedReader => ({
  incremental: false,
  async *pages() {
    for (const [n, records] of pages.entries())
      yield { number: n + 1, totalPages: pages.length, totalItems: null, records };
  },
});
const names = async (zoneId: number) =>
  (await s.db.select({ name: services.name }).from(services).where(eq(services.zoneId, zoneId)))
    .map((r) => r.name)
    .sort();

/** The published record of the imported service with this feed id. */
async function published(zone: { id: number; slug: string }, externalId: string): Promise<Json> {
  const [row] = await s.db
    .select({ uuid: services.uuid })
    .from(services)
    .where(and(eq(services.zoneId, zone.id), eq(services.externalId, externalId)));
  const res = await fetch(`${s.url}/openreferral/${zone.slug}/services/${row!.uuid}`);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(schemaErrors('service', body)).toEqual([]);
  return body;
}

describe('an organisation named only by id', () => {
  it('is found in an earlier record of the page, or a later page, on the first run', async () => {
    const { zone } = await createZone(s.db, 'shapes-org', []);
    // An organisation no record carries is still refused.
    const orphan = { ...byIdOnly(4, 0), organization_id: '00000000-0000-4000-a000-00000000abcd' };
    const pages = [[record(0), byIdOnly(1, 0), byIdOnly(2, 3), orphan], [record(3)]];
    const options = { zoneId: zone.id, location: 'shapes-org' };
    const first = await runImport(s.db, reader(...pages), options);
    expect(first).toMatchObject({ created: 4, skipped: 1 });
    expect(first.problems).toEqual([
      { id: orphan.id, reason: 'organisation 00000000-0000-4000-a000-00000000abcd is not in the feed' },
    ]);
    expect(await names(zone.id)).toEqual([0, 1, 2, 3].map((i) => feed[i].name).sort());
    const second = await runImport(s.db, reader(...pages), options);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: 4, skipped: 1 });
    const [source] = await s.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(source!.lastStatus).toBe('finished, 1 record skipped');
  });
});

describe('ages', () => {
  it('refuses a reversed range with the reason, and imports the rest', async () => {
    const { zone } = await createZone(s.db, 'shapes-ages', []);
    const reversed = record(0, { minimum_age: 18, maximum_age: 5 });
    const summary = await runImport(s.db, reader([reversed, record(1)]), { zoneId: zone.id, location: 'ages' });
    expect(summary).toMatchObject({ created: 1, skipped: 1 });
    expect(summary.problems).toEqual([{ id: reversed.id, reason: 'minimum_age 18 is above maximum_age 5' }]);
    expect(await names(zone.id)).toEqual([feed[1].name]);
  });
});

describe('phones', () => {
  it('keeps a service’s own phones, with an extension, and publishes them on a contact with no name', async () => {
    const { zone } = await createZone(s.db, 'shapes-phones', []);
    const phones = [{ number: '020 7946 0001', extension: 12, description: 'Main' }, { number: '+44 1904 000000' }];
    const withPhones = record(0, { phones });
    const options = { zoneId: zone.id, location: 'phones' };
    expect(await runImport(s.db, reader([withPhones]), options)).toMatchObject({ created: 1, skipped: 0 });
    const body = await published(zone, withPhones.id);
    const own = body.contacts.filter((c: Json) => !c.name);
    expect(own.flatMap((c: Json) => c.phones.map((p: Json) => [p.number, p.description ?? null]))).toEqual([
      ['020 7946 0001', 'Main, extension 12'],
      ['+44 1904 000000', null],
    ]);
    // The contact's own phone is still there, and a second run changes nothing.
    expect(body.contacts.find((c: Json) => c.name === 'Front desk').phones[0].number).toBe('020 7946 0000');
    expect(await runImport(s.db, reader([withPhones]), options)).toMatchObject({ unchanged: 1, created: 0 });
  });
});

describe('schedules', () => {
  it('keeps an overnight opening’s times in words, and publishes no freq for a schedule in words alone', async () => {
    const { zone } = await createZone(s.db, 'shapes-times', []);
    const schedules = [
      { id: feed[0].schedules[0].id, freq: 'WEEKLY', byday: 'MO', opens_at: '22:00', closes_at: '02:00' },
      { id: feed[1].schedules[0].id, description: 'By appointment' },
    ];
    const late = record(0, { schedules });
    expect(await runImport(s.db, reader([late]), { zoneId: zone.id, location: 'times' })).toMatchObject({ created: 1 });
    const body = await published(zone, late.id);
    expect(body.schedules.map(({ id: _, service_id: __, ...x }: Json) => x)).toEqual([
      { freq: 'WEEKLY', byday: 'MO', description: '22:00 to 02:00 the next day' },
      { description: 'By appointment' },
    ]);
  });
});
