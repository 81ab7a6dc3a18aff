import { readFileSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { organisations, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { freshDatabase } from '../setup/database';

// ORUK v3 lets an organisation record nest its services (the standard's organization_full
// example): those services are imported under that organisation, from a file, a folder of
// pages of organisations, or a URL feed, as a service record naming its organisation would be.
const FULL = JSON.parse(
  readFileSync(path.join(import.meta.dirname, '../fixtures/oruk-organization-full.json'), 'utf8'),
);
const ORG_ID: string = FULL.id;
const SERVICE = FULL.services[0];

let handle: DbHandle;
let dir: string;
let feed: Server;
let feedUrl: string;
let feedPage: unknown = null;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-org-'));
  feed = createServer((_req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(feedPage));
  });
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
  feedUrl = `http://127.0.0.1:${(feed.address() as AddressInfo).port}/`;
});
afterAll(async () => {
  await new Promise((r) => feed.close(r));
  await handle.close();
});

async function imported(zoneId: number) {
  return handle.db
    .select({ externalId: services.externalId, name: services.name, organisation: organisations.name })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(eq(services.zoneId, zoneId));
}
const expected = [{ externalId: SERVICE.id, name: SERVICE.name, organisation: FULL.name }];

describe('an organisation record with nested services', () => {
  it('as a file (organization_full) imports its services under it', async () => {
    const { zone } = await createZone(handle.db, 'org-file', []);
    const file = path.join(dir, 'organization_full.json');
    await writeFile(file, JSON.stringify(FULL));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
    expect(summary).toMatchObject({ read: 1, created: 1, skipped: 0, problems: [] });
    expect(await imported(zone.id)).toEqual(expected);
    const [org] = await handle.db.select().from(organisations).where(eq(organisations.zoneId, zone.id));
    expect(org).toMatchObject({ name: FULL.name, externalId: ORG_ID });
  });

  it('in an array of organisations, each one’s services come under it', async () => {
    const { zone } = await createZone(handle.db, 'org-array', []);
    const other = {
      ...FULL,
      id: crypto.randomUUID(),
      name: 'Second organisation',
      services: [{ ...SERVICE, id: crypto.randomUUID(), name: 'Second service', schedules: [] }],
    };
    const file = path.join(dir, 'organizations.json');
    await writeFile(file, JSON.stringify([FULL, other]));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
    expect(summary).toMatchObject({ read: 2, created: 2, skipped: 0 });
    expect((await imported(zone.id)).map((r) => `${r.organisation}: ${r.name}`).sort()).toEqual([
      `${FULL.name}: ${SERVICE.name}`,
      'Second organisation: Second service',
    ]);
  });

  it('in a URL feed’s page imports its services under it', async () => {
    const { zone } = await createZone(handle.db, 'org-url', []);
    feedPage = { total_items: 1, total_pages: 1, page_number: 1, last_page: true, contents: [FULL] };
    const summary = await runImport(handle.db, urlReader(feedUrl), { zoneId: zone.id, location: feedUrl });
    expect(summary).toMatchObject({ read: 1, created: 1, skipped: 0, problems: [] });
    expect(await imported(zone.id)).toEqual(expected);
  });
});
