import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { type FeedReader, runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { sourceLocation } from '../../server/openreferral/source-location';
import { formatSummary } from '../../server/openreferral/summary';
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

  it('without --full a file withdraws nothing: one record given alone leaves the others live', async () => {
    const { zone } = await createZone(handle.db, 'extract', []);
    const all = records();
    const whole = path.join(dir, 'extract-all.json');
    const one = path.join(dir, 'extract-one.json');
    await writeFile(whole, JSON.stringify(all));
    await writeFile(one, JSON.stringify({ ...all[0], name: 'Club 0 renamed' })); // a one-record feed
    const load = (file: string, full?: boolean) =>
      runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:extract', full });
    expect(await load(whole)).toMatchObject({ created: 3, full: false, keptOthers: true, kept: 0 });
    const extract = await load(one);
    expect(extract).toMatchObject({ updated: 1, withdrawn: 0, full: false, keptOthers: true, kept: 2 });
    expect(formatSummary(extract, { dryRun: false })).toContain(
      '2 listings of this source that the file does not hold were kept: --full withdraws them (archived).',
    );
    const statuses = async () =>
      (await handle.db.select({ status: services.status }).from(services).where(eq(services.zoneId, zone.id)))
        .map((r) => r.status)
        .sort();
    expect(await statuses()).toEqual(['PUBLISHED', 'PUBLISHED', 'PUBLISHED']);
    expect(await load(one, true)).toMatchObject({ withdrawn: 2, full: true, keptOthers: false });
    expect(await statuses()).toEqual(['ARCHIVED', 'ARCHIVED', 'PUBLISHED']);
  });

  it('an interrupted run is resumed by the same file only: another file under the source is read from its start', async () => {
    const { zone } = await createZone(handle.db, 'resumed', []);
    const big = path.join(dir, 'resumed-big.json');
    const other = path.join(dir, 'resumed-other.json');
    await writeFile(big, JSON.stringify(generateFeed(250, { brokenEvery: 1_000_000, prefix: 'big' }).services));
    await writeFile(other, JSON.stringify(records()));
    const cutAfterPage1 = (file: string): FeedReader => {
      const reader = fileReader(file);
      return {
        ...reader,
        async *pages(from) {
          for await (const page of reader.pages(from)) {
            yield page;
            throw new Error('the disk went away');
          }
        },
      };
    };
    const load = (reader: FeedReader) => runImport(handle.db, reader, { zoneId: zone.id, location: 'file:export' });
    expect(await load(cutAfterPage1(big))).toMatchObject({ read: 100, interrupted: 'the disk went away' });
    // Next month's file under the same source: all of it, not from page 2.
    const next = await load(fileReader(other));
    expect(next).toMatchObject({ resumedAtPage: null, droppedResume: true, read: 3, created: 3, interrupted: null });
    // The same file is resumed where it stopped.
    await load(cutAfterPage1(big));
    expect(await load(fileReader(big))).toMatchObject({ resumedAtPage: 2, droppedResume: false, read: 150 });
  });

  it('--source names another: a second directory loaded into the zone stays apart', () => {
    expect(sourceLocation('/tmp/x/export-2027-01.json', 'hub')).toBe('file:hub');
    expect(sourceLocation('/tmp/x/export-2027-01.json')).toBe('file:export');
    expect(sourceLocation('https://hub.example.org/openreferral/')).toBe('https://hub.example.org/openreferral');
  });
});
