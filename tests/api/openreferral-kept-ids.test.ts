import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organisations, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { schemaErrors } from '../oruk/schemas';
import { startServer, type TestServer } from '../setup/server';

// An imported service and organisation are published under the feed's own ids where no row has
// them yet (audit 61 F6), so a round trip keeps ids and aggregators can de-duplicate. The same
// file imported again elsewhere gets new ids: a UUID is one row's.
let s: TestServer;
let file: string;
beforeAll(async () => {
  s = await startServer();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-kept-ids-'));
  file = path.join(dir, 'feed.json');
  const records = generateFeed(2, { prefix: 'kept-ids', brokenEvery: 1_000_000 }).services.map((r) => ({
    ...r,
    status: 'active',
  }));
  await writeFile(file, JSON.stringify(records));
});
afterAll(() => s.close());

type Json = Record<string, unknown>;
const get = async (p: string) => {
  const res = await fetch(`${s.url}/openreferral/${p}`);
  return { status: res.status, body: (await res.json()) as Json };
};
const uuidsOf = async (zoneId: number) =>
  s.db
    .select({ uuid: services.uuid, externalId: services.externalId, org: organisations.uuid })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(eq(services.zoneId, zoneId))
    .orderBy(services.externalId);

describe('ids of imported records', () => {
  it('are the feed’s own when free; the same file in another zone or source gets new ones, both published', async () => {
    const { zone: a } = await createZone(s.db, 'kept-ids-a', []);
    const first = await runImport(s.db, fileReader(file), { zoneId: a.id, location: `file:${file}` });
    expect(first).toMatchObject({ created: 2, skipped: 0 });
    const rows = await uuidsOf(a.id);
    for (const r of rows) expect(r.uuid).toBe(r.externalId);
    const [one] = rows;
    const published = await get(`kept-ids-a/services/${one!.externalId}`);
    expect(published.status).toBe(200);
    expect(schemaErrors('service', published.body)).toEqual([]);
    const organisationId = (published.body.organization as Json).id;
    expect(organisationId).toBe(one!.org);
    // The organisation too, by the id the feed gave it.
    const [org] = await s.db
      .select({ externalId: organisations.externalId })
      .from(organisations)
      .where(eq(organisations.uuid, one!.org));
    expect(org!.externalId).toBe(organisationId);
    expect((await get(`kept-ids-a/organizations/${organisationId}`)).status).toBe(200);

    // Read again, the listings are matched by source and id as before: nothing new.
    const again = await runImport(s.db, fileReader(file), { zoneId: a.id, location: `file:${file}` });
    expect(again).toMatchObject({ created: 0, unchanged: 2 });
    expect(await uuidsOf(a.id)).toEqual(rows);

    // The same file in another zone, and under another source of the first zone: new ids, all published.
    const { zone: b } = await createZone(s.db, 'kept-ids-b', []);
    expect(await runImport(s.db, fileReader(file), { zoneId: b.id, location: `file:${file}` })).toMatchObject({
      created: 2,
    });
    const other = await runImport(s.db, fileReader(file), { zoneId: a.id, location: 'file:other' });
    expect(other).toMatchObject({ created: 2 });
    const copies = [
      ...(await uuidsOf(b.id)),
      ...(await uuidsOf(a.id)).filter((r) => !rows.some((x) => x.uuid === r.uuid)),
    ];
    expect(copies).toHaveLength(4);
    for (const c of copies) {
      expect(c.uuid).not.toBe(c.externalId);
      expect(rows.map((r) => r.org)).not.toContain(c.org);
    }
    expect((await get(`kept-ids-b/services/${one!.externalId}`)).status).toBe(404);
    const copy = copies.find((c) => c.externalId === one!.externalId)!;
    expect((await get(`kept-ids-b/services/${copy.uuid}`)).status).toBe(200);
    expect((await get(`kept-ids-a/services/${one!.externalId}`)).status).toBe(200);
  });
});
