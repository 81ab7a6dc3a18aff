import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { NotUtf8Error } from '../../server/openreferral/utf8-check';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// An import file that is not UTF-8 is refused, saying where, and nothing of it is imported (its
// bytes would otherwise be stored as U+FFFD). UTF-8 split across the reader's chunks is fine.
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-encoding-'));
});
afterAll(() => handle.close());

function records(count: number, prefix: string, name = (i: number) => `Café 😀 ${prefix} ${i}`) {
  return generateFeed(count, { brokenEvery: 1_000_000, prefix }).services.map((r, i) => ({
    ...r,
    name: name(i),
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));
}
const listed = async (zoneId: number) =>
  handle.db.select({ name: services.name }).from(services).where(eq(services.zoneId, zoneId));

describe('an import file that is not UTF-8', () => {
  it('is refused, naming the file, line and byte; nothing of it is imported', async () => {
    const { zone } = await createZone(handle.db, 'latin1', []);
    const text = JSON.stringify(
      records(3, 'latin1', (i) => (i === 2 ? 'Caf# club' : `Club ${i}`)),
      null,
      1,
    );
    const bytes = Buffer.from(text, 'utf8');
    // The Latin-1 é (0xE9) a file saved in the wrong encoding carries, in place of the #.
    const at = bytes.indexOf('Caf#') + 3;
    expect(at).toBeGreaterThan(3);
    bytes[at] = 0xe9;
    const file = path.join(dir, 'latin1.json');
    await writeFile(file, bytes);
    const line = text.slice(0, at).split('\n').length;
    await expect(runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` })).rejects.toThrow(
      `${file} is not UTF-8 (line ${line}, byte ${at + 1}: 0xE9); save it as UTF-8 and import it again. Nothing was imported.`,
    );
    expect(await listed(zone.id)).toEqual([]);
  });

  it('in a folder of pages, refuses the folder before importing its good files', async () => {
    const { zone } = await createZone(handle.db, 'folder', []);
    const folder = path.join(dir, 'pages');
    await mkdir(folder);
    await writeFile(path.join(folder, '1.json'), JSON.stringify(records(2, 'good-page')));
    // A UTF-8 sequence cut short at the end of the file.
    await writeFile(
      path.join(folder, '2.json'),
      Buffer.concat([Buffer.from('[{"name": "x'), Buffer.from([0xe2, 0x82])]),
    );
    await expect(
      runImport(handle.db, fileReader(folder), { zoneId: zone.id, location: `file:${folder}` }),
    ).rejects.toThrow(/2\.json is not UTF-8 \(line 1, byte 13: 0xE2\)/);
    expect(await listed(zone.id)).toEqual([]);
  });

  it('UTF-8 (accents, emoji) across the reader’s 64 kB chunks imports as it is', async () => {
    const { zone } = await createZone(handle.db, 'utf8', []);
    const feed = records(150, 'utf8');
    const file = path.join(dir, 'utf8.json');
    await writeFile(file, JSON.stringify(feed, null, 2));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
    expect(summary).toMatchObject({ created: 150, skipped: 0 });
    expect((await listed(zone.id)).map((r) => r.name).sort()).toEqual(feed.map((r) => r.name).sort());
  }, 120_000);
});

// The same refusal for a feed read from a URL (res.json() used to put U+FFFD in its place).
describe('a URL feed that answers with bytes that are not UTF-8', () => {
  it('is refused with NotUtf8Error naming the URL, line and byte; nothing is imported', async () => {
    const { zone } = await createZone(handle.db, 'latin1-url', []);
    const text = JSON.stringify({
      total_pages: 1,
      contents: records(2, 'latin1-url', (i) => (i ? 'Caf# club' : 'Club')),
    });
    const bytes = Buffer.from(text, 'utf8');
    const at = bytes.indexOf('Caf#') + 3;
    bytes[at] = 0xe9;
    let asked = 0;
    const server = createServer((_req, res) => {
      asked++;
      res.setHeader('content-type', 'application/json');
      res.end(bytes);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const run = runImport(handle.db, urlReader(`${base}/`), { zoneId: zone.id, location: base });
      await expect(run).rejects.toThrow(NotUtf8Error);
      await expect(runImport(handle.db, urlReader(`${base}/`), { zoneId: zone.id, location: base })).rejects.toThrow(
        `${base}/services?page=1&per_page=100&full_service=true is not UTF-8 (line 1, byte ${at + 1}: 0xE9); save it as UTF-8 and import it again. Nothing was imported.`,
      );
      // Refused at once, not asked again as a failing server would be.
      expect(asked).toBe(2);
    } finally {
      await new Promise((r) => server.close(r));
    }
    expect(await listed(zone.id)).toEqual([]);
  });
});
