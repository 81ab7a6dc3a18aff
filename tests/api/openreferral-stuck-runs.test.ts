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
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A run that stops at the same place every time is not left to be resumed for ever (audit
// finding): a record too deeply nested is skipped by its id, a file that is not JSON is named,
// and a page that fails the same way twice ends the run as failed.
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-stuck-'));
});
afterAll(() => handle.close());

const records = (count: number, prefix: string): Record<string, unknown>[] =>
  generateFeed(count, { brokenEvery: 1_000_000, prefix }).services.map((r) => ({
    ...r,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));

async function sourceOf(zoneId: number) {
  const [source] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zoneId));
  const listed = await handle.db.select().from(services).where(eq(services.zoneId, zoneId));
  return { source, listed: listed.length };
}

describe('a record nested thousands of levels deep', () => {
  it('is skipped by its id, and the rest of the file goes in', async () => {
    const { zone } = await createZone(handle.db, 'deep', []);
    const feed = records(300, 'deep');
    // Written as text: JSON.stringify itself cannot go 3,500 arrays deep.
    feed[150] = { ...feed[150], extra: 'DEEP' };
    const deep = `${'['.repeat(3500)}"bottom"${']'.repeat(3500)}`;
    const file = path.join(dir, 'deep.json');
    await writeFile(file, JSON.stringify(feed).replace('"DEEP"', deep));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:deep' });
    expect(summary.interrupted).toBeNull();
    expect(summary.created).toBe(299);
    expect(summary.problems).toEqual([
      { id: String(feed[150]!.id).toLowerCase(), reason: expect.stringMatching(/nested too deeply/) },
    ]);
    const { source, listed } = await sourceOf(zone.id);
    expect(listed).toBe(299);
    expect(source?.resumePage).toBeNull();
  }, 60_000);
});

describe('a folder whose second page file is cut short', () => {
  it('names the file in plain words, and leaves nothing to resume', async () => {
    const { zone } = await createZone(handle.db, 'cut-page', []);
    const folder = await mkdtemp(path.join(dir, 'pages-'));
    await writeFile(path.join(folder, 'page1.json'), JSON.stringify(records(100, 'cut-one')));
    await writeFile(path.join(folder, 'page2.json'), JSON.stringify(records(50, 'cut-two')).slice(0, -200));
    const error = await runImport(handle.db, fileReader(folder), { zoneId: zone.id, location: 'file:pages' }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toMatch(/page2\.json/);
    expect(error).toMatch(/not valid JSON/);
    expect(error).not.toMatch(/Parser/);
    const { source } = await sourceOf(zone.id);
    expect(source?.lastStatus).toMatch(/^failed: .*page2\.json/);
    expect(source?.resumePage).toBeNull();
  }, 60_000);

  it('an empty file, a CSV, a lone JSON value or a package whose services are no list is said to be so', async () => {
    const { zone } = await createZone(handle.db, 'not-json', []);
    const empty = path.join(dir, 'empty.json');
    // Any CSV but services.csv (which is read as Open Referral UK's tabular form: openreferral-tabular tests).
    const csv = path.join(dir, 'listings.csv');
    await writeFile(empty, '');
    await writeFile(csv, 'id,name\n1,Youth club\n');
    const scalar = path.join(dir, 'scalar.json');
    const notList = path.join(dir, 'not-list.json');
    await writeFile(scalar, '42\n');
    await writeFile(notList, '{"services": {}}');
    for (const [file, words] of [
      [empty, /empty\.json is empty/],
      [csv, /listings\.csv is not JSON/],
      [scalar, /scalar\.json holds one JSON value \("42"\), not Open Referral services/],
      [notList, /not-list\.json: its "services" or "contents" is not a list of services/],
    ] as const)
      await expect(
        runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:not-json' }),
      ).rejects.toThrow(words);
  });
});

describe('a page that fails the same way on every run', () => {
  it('is resumed once, then the run fails rather than resuming for ever', async () => {
    const { zone } = await createZone(handle.db, 'same-failure', []);
    const feed = records(3, 'same-failure');
    const reader: FeedReader = {
      incremental: false,
      async *pages({ startPage }) {
        for (let n = startPage; n <= 2; n++) {
          if (n === 2) throw new Error('the page cannot be read');
          yield { number: n, totalPages: 2, totalItems: 3, records: feed.slice(0, 2) };
        }
      },
    };
    const location = 'file:same-failure';
    const first = await runImport(handle.db, reader, { zoneId: zone.id, location });
    expect(first.interrupted).toBe('the page cannot be read');
    await expect(runImport(handle.db, reader, { zoneId: zone.id, location })).rejects.toThrow(
      /the page cannot be read/,
    );
    const { source } = await sourceOf(zone.id);
    expect(source?.lastStatus).toMatch(/^failed: page 2 failed on the last run too: the page cannot be read$/);
    expect(source?.resumePage).toBeNull();
  });
});
