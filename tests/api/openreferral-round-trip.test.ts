import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// Fields an imported Open Referral record must keep: imported, then fetched back from our own
// feed, they say the same thing.
let s: TestServer;
let dir: string;
let zoneId: number;
beforeAll(async () => {
  s = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-round-trip-'));
  ({
    zone: { id: zoneId },
  } = await createZone(s.db, 'round-trip', []));
});
afterAll(() => s.close());

type Json = Record<string, unknown>;
let n = 0;
/** A good generated record with `changes` applied. */
function record(changes: Json): Json {
  return { ...generateFeed(1, { brokenEvery: 1_000_000, prefix: `round-trip-${n++}` }).services[0]!, ...changes };
}

/** Imports the records into the zone and answers the import's summary. */
async function importRecords(records: Json[]) {
  const file = path.join(dir, `feed-${n++}.json`);
  await writeFile(file, JSON.stringify(records));
  return runImport(s.db, fileReader(file), { zoneId, location: `file:${file}` });
}

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
async function published(externalId: string): Promise<any> {
  const [row] = await s.db
    .select({ uuid: services.uuid })
    .from(services)
    .where(and(eq(services.zoneId, zoneId), eq(services.externalId, externalId)));
  const res = await fetch(`${s.url}/openreferral/round-trip/services/${row!.uuid}`);
  expect(res.status).toBe(200);
  const body = await res.json();
  expect(schemaErrors('service', body)).toEqual([]);
  return body;
}

describe('an imported record published again', () => {
  it('keeps a service area that has both a name and a service_area', async () => {
    const r = record({});
    const id = r.id as string;
    r.service_areas = [
      { id: crypto.randomUUID(), service_id: id, name: 'Lewisham borough', service_area: 'SE6 and SE13' },
      { id: crypto.randomUUID(), service_id: id, service_area: 'Camden' },
      { id: crypto.randomUUID(), service_id: id, name: 'Greenwich', service_area: 'Greenwich' },
    ];
    expect(await importRecords([r])).toMatchObject({ created: 1, skipped: 0 });
    const areas = (await published(id)).service_areas.map((a: Json) => [a.name, a.service_area]);
    expect(areas).toEqual([
      ['Lewisham borough', 'SE6 and SE13'],
      ['Camden', 'Camden'],
      ['Greenwich', 'Greenwich'],
    ]);
  });
});
