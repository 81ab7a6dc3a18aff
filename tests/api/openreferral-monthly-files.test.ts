import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { sourceLocation } from '../../server/openreferral/source-location';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A council loads dated monthly exports of one directory: each file, whatever it is called,
// updates the listings the last one made and (full run) withdraws those gone, not duplicates.
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-monthly-'));
});
afterAll(() => handle.close());

const records = (): Record<string, unknown>[] =>
  generateFeed(3, { brokenEvery: 1_000_000, prefix: 'monthly' }).services.map((r, i) => ({
    ...r,
    name: `Club ${i}`,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));

describe('monthly exports of one directory under different file names', () => {
  it('update and withdraw the same listings, creating none twice', async () => {
    const { zone } = await createZone(handle.db, 'monthly', []);
    const december = records();
    const january = december
      .filter((_, i) => i !== 2)
      .map((r, i) => (i === 0 ? { ...r, name: 'Club 0 renamed', last_modified: '2027-01-02T00:00:00Z' } : r));
    const first = path.join(dir, 'export-2026-12.json');
    const second = path.join(dir, 'export-2027-01.json');
    await writeFile(first, JSON.stringify(december));
    await writeFile(second, JSON.stringify(january));
    const load = (file: string) =>
      runImport(handle.db, fileReader(file), { zoneId: zone.id, location: sourceLocation(file), full: true });
    expect((await load(first)).created).toBe(3);
    const summary = await load(second);
    expect(summary).toMatchObject({ created: 0, updated: 1, withdrawn: 1 });
    const rows = await handle.db
      .select({ name: services.name, status: services.status, externalId: services.externalId })
      .from(services)
      .where(eq(services.zoneId, zone.id));
    expect(rows).toHaveLength(3);
    expect(rows.find((r) => r.externalId === String(december[0]!.id))?.name).toBe('Club 0 renamed');
    expect(rows.find((r) => r.externalId === String(december[2]!.id))?.status).toBe('ARCHIVED');
    const sources = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(sources.map((s) => s.location)).toEqual(['file:export']);
  });

  it('--source names another: a second directory loaded into the zone stays apart', () => {
    expect(sourceLocation('/tmp/x/export-2027-01.json', 'hub')).toBe('file:hub');
    expect(sourceLocation('/tmp/x/export-2027-01.json')).toBe('file:export');
    expect(sourceLocation('https://hub.example.org/openreferral/')).toBe('https://hub.example.org/openreferral');
  });
});
