import { mkdtemp, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader, urlReader } from '../../server/openreferral/readers';
import { failureLine } from '../../server/openreferral/summary';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A run that fails is on the zone admin's imports page as failed, with its reason, and writes
// no listing; a feed that ignores `page` is stopped at the first repeat, not read 99,999 times.
let handle: DbHandle;
let dir: string;
let feed: http.Server;
let base: string;
let asked = 0;
const records = (): Record<string, unknown>[] =>
  generateFeed(2, { brokenEvery: 1_000_000, prefix: 'failed' }).services.map((r) => ({
    ...r,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));
const pageOne = records();
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-failed-'));
  feed = http.createServer((req, res) => {
    if (req.url!.startsWith('/missing/')) return res.writeHead(404).end('Not found');
    asked++;
    res.writeHead(200, { 'content-type': 'application/json' });
    // The page number asked for, but page 1's services on every page.
    if (req.url!.startsWith('/same-ids/')) {
      const page = Number(new URL(req.url!, 'http://feed').searchParams.get('page'));
      return res.end(JSON.stringify({ contents: pageOne, page, total_pages: 99999, last_page: false }));
    }
    // Page 1 whatever page is asked for, and always more to come.
    res.end(JSON.stringify({ contents: pageOne, page: 1, total_pages: 99999, last_page: false }));
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => feed.close(resolve));
  await handle.close();
});

async function lastRun(zoneId: number) {
  const [source] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zoneId));
  const listed = await handle.db.select().from(services).where(eq(services.zoneId, zoneId));
  return { source, listed: listed.length };
}

describe('a run that fails', () => {
  it('a truncated file: a failed last run with its reason, nothing written', async () => {
    const { zone } = await createZone(handle.db, 'truncated', []);
    const file = path.join(dir, 'truncated.json');
    await writeFile(file, JSON.stringify(records()).slice(0, -40));
    const error = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:export' }).then(
      () => null,
      (e: Error) => e.message,
    );
    expect(error).toBeTruthy();
    const { source, listed } = await lastRun(zone.id);
    expect(listed).toBe(0);
    expect(source?.lastRunAt).toBeInstanceOf(Date);
    expect(source?.lastStatus).toBe(`failed: ${error}`);
    expect(source?.lastErrors).toEqual([{ id: null, reason: error }]);
    expect(source?.resumePage).toBeNull();
  });

  it('a 404: a failed last run with the status, nothing written', async () => {
    const { zone } = await createZone(handle.db, 'missing-404', []);
    const url = `${base}/missing/`;
    await expect(runImport(handle.db, urlReader(url), { zoneId: zone.id, location: url })).rejects.toThrow(
      'answered HTTP 404',
    );
    const { source, listed } = await lastRun(zone.id);
    expect(listed).toBe(0);
    expect(source?.lastStatus).toMatch(/^failed: http:\/\/127\.0\.0\.1:\d+\/missing\/services\?\S+ answered HTTP 404$/);
  });
});

describe('a page the database refuses', () => {
  it('stops the run with the database’s reason, never the SQL', async () => {
    const { zone } = await createZone(handle.db, 'db-refused', []);
    const file = path.join(dir, 'db-refused.json');
    await writeFile(file, JSON.stringify(records()));
    // A refusal of the page's own writes (not a record's), this test's own: the ids it has read.
    await handle.db.execute(sql`alter table import_seen add constraint refused_in_test check ("externalId" = '')`);
    try {
      const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:db-refused' });
      expect(summary.interrupted).toMatch(/^the database refused the page: .*refused_in_test/);
      const { source } = await lastRun(zone.id);
      expect(source?.lastStatus).toBe(`interrupted: ${summary.interrupted}`);
      for (const said of [summary.interrupted, source?.lastStatus])
        expect(said).not.toMatch(/Failed query|insert into|import_seen"? \(/);
    } finally {
      await handle.db.execute(sql`alter table import_seen drop constraint refused_in_test`);
    }
  });
});

describe('a feed that ignores page', () => {
  it('is stopped when it answers page 1 again: a failed run, nothing more written, nothing to resume', async () => {
    const { zone } = await createZone(handle.db, 'repeating', []);
    asked = 0;
    await expect(runImport(handle.db, urlReader(base), { zoneId: zone.id, location: base })).rejects.toThrow(
      'answered page 1 when asked for page 2',
    );
    expect(asked).toBe(2);
    const { source, listed } = await lastRun(zone.id);
    // Page 1 went in before the repeat showed; no withdrawal, no resume at a page that repeats.
    expect(listed).toBe(2);
    expect(source?.lastStatus).toMatch(/^failed: .* answered page 1 when asked for page 2$/);
    expect(source?.resumePage).toBeNull();
  });

  it('is reported as a feed that does not page, not as one nothing could be read from', async () => {
    const { zone } = await createZone(handle.db, 'repeating-cli', []);
    const error = await runImport(handle.db, urlReader(base), { zoneId: zone.id, location: base }).then(
      () => null,
      (e: unknown) => e,
    );
    const line = failureLine(base, error);
    expect(line).toMatch(
      /^Stopped reading http:\/\/127\.0\.0\.1:\d+: it does not page properly \(.* answered page 1 when asked for page 2\)/,
    );
    expect(line).not.toContain('Nothing could be read');
    // A source that cannot be read at all keeps the plain message.
    expect(failureLine('feed.json', new Error('feed.json holds no Open Referral services'))).toBe(
      'Nothing could be read from feed.json: feed.json holds no Open Referral services',
    );
  });

  it("is stopped when it numbers page 2 right but answers it with page 1's services", async () => {
    const { zone } = await createZone(handle.db, 'same-ids', []);
    const url = `${base}/same-ids/`;
    asked = 0;
    await expect(runImport(handle.db, urlReader(url), { zoneId: zone.id, location: url })).rejects.toThrow(
      "answered page 2 with page 1's services again",
    );
    expect(asked).toBe(2);
    const { source, listed } = await lastRun(zone.id);
    expect(listed).toBe(2);
    expect(source?.lastStatus).toMatch(/^failed: .*\/same-ids\/services answered page 2 with page 1's services again$/);
    expect(source?.resumePage).toBeNull();
  });
});
