import { once } from 'node:events';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import zlib from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { urlReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// What no feed can make a URL import do (audit 66): page for ever (a feed that ignores `page`, one
// that goes round the same services, one that never ends), answer without end (a body, or a gzip,
// of gigabytes), or hand the run to another host by a redirect. Each stops the run as failed.
let handle: DbHandle;
let feed: http.Server;
let elsewhere: http.Server;
let base: string;
let elsewhereBase: string;
const records = (prefix: string, count = 1): Record<string, unknown>[] =>
  generateFeed(count, { brokenEvery: 1_000_000, prefix }).services.map((r) => ({
    ...r,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));
const [a, b] = records('limits-swap', 2);
const endless = records('limits-endless', 1)[0]!;
const [moved] = records('limits-moved', 1);
const [foreign] = records('limits-foreign', 1);
const page = (contents: unknown[], extra: object = {}) =>
  JSON.stringify({ total_items: contents.length, total_pages: 1, page_number: 1, contents, ...extra });

/** Writes `size` bytes of padding inside a JSON page, heeding back-pressure; stops when the reader hangs up. */
async function padded(out: NodeJS.WritableStream & { destroyed?: boolean }, res: http.ServerResponse, size: number) {
  const chunk = 'x'.repeat(1024 * 1024);
  const closed = once(res, 'close');
  out.write(`{"page_number":1,"total_pages":1,"contents":[${JSON.stringify(a)}],"padding":"`);
  for (let sent = 0; sent < size && !res.destroyed; sent += chunk.length)
    if (!out.write(chunk)) await Promise.race([once(out, 'drain'), closed]);
  out.end('"}');
}

beforeAll(async () => {
  handle = await freshDatabase();
  elsewhere = http.createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(page([foreign]));
  });
  // Another host: 127.0.0.2 is this machine too, but not the feed's address.
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.2', resolve));
  elsewhereBase = `http://127.0.0.2:${(elsewhere.address() as AddressInfo).port}`;
  feed = http.createServer((req, res) => {
    const u = new URL(req.url!, 'http://feed');
    const n = Number(u.searchParams.get('page'));
    const json = (body: string) => res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    // Repro A: the v3 envelope, page_number 1 whatever is asked, A and B swapping.
    if (u.pathname === '/page-one/services')
      return json(page(n % 2 ? [a, b] : [b, a], { total_pages: 99999, total_items: 199998 }));
    // Repro B: A on odd pages, B on even, numbered as asked, no total_pages.
    if (u.pathname === '/alternating/services')
      return json(JSON.stringify({ page_number: n, contents: [n % 2 ? a : b] }));
    // New ids on every page, for ever.
    if (u.pathname === '/endless/services')
      return json(JSON.stringify({ page_number: n, contents: [{ ...endless, id: crypto.randomUUID() }] }));
    if (u.pathname === '/huge/services') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return void padded(res, res, 60 * 1024 * 1024);
    }
    if (u.pathname === '/bomb/services') {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      const gzip = zlib.createGzip();
      gzip.pipe(res);
      res.on('close', () => gzip.destroy());
      return void padded(gzip, res, 80 * 1024 * 1024);
    }
    if (u.pathname === '/away/services')
      return res.writeHead(302, { location: `${elsewhereBase}/services${u.search}` }).end();
    if (u.pathname === '/old/services') return res.writeHead(301, { location: `/new/services${u.search}` }).end();
    if (u.pathname === '/new/services') return json(page([moved]));
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((resolve) => feed.close(resolve));
  await new Promise((resolve) => elsewhere.close(resolve));
  await handle.close();
});

/** Imports `path` of the feed into a zone of its own: the error (if any), the source row, the listings. */
async function importFrom(path: string, options: { maxPages?: number } = {}) {
  const { zone } = await createZone(handle.db, `limits-${path.replaceAll('/', '')}`, []);
  const url = `${base}${path}`;
  const error = await runImport(handle.db, urlReader(url, options), { zoneId: zone.id, location: url }).then(
    () => null,
    (e: Error) => e.message,
  );
  const [source] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
  const listed = await handle.db.select().from(services).where(eq(services.zoneId, zone.id));
  return { error, source, listed };
}

describe('a feed that does not page', () => {
  it('answering page_number 1 when asked for page 2 is stopped there, as failed', async () => {
    const { error, source, listed } = await importFrom('/page-one/');
    expect(error).toMatch(/\/page-one\/services answered page 1 when asked for page 2$/);
    expect(source?.lastStatus).toBe(`failed: ${error}`);
    expect(source?.resumePage).toBeNull();
    expect(listed).toHaveLength(2);
  });

  it('going round services it gave on earlier pages is stopped, not only a repeat of the page before', async () => {
    const { error, source } = await importFrom('/alternating/');
    expect(error).toMatch(
      new RegExp(
        `/alternating/services answered page 3 with services it had given on earlier pages \\(${a!.id} among them\\)$`,
      ),
    );
    expect(source?.lastStatus).toBe(`failed: ${error}`);
    expect(source?.resumePage).toBeNull();
  });

  it('one that never ends is stopped at the page ceiling, which the message names', async () => {
    const { error, source, listed } = await importFrom('/endless/', { maxPages: 3 });
    expect(error).toMatch(
      /\/endless\/services still had more after page 3, the most one run reads \(300 services at 100 a page\)$/,
    );
    expect(source?.lastStatus).toBe(`failed: ${error}`);
    expect(listed).toHaveLength(3);
  });
});

describe('an answer too large', () => {
  it('a body past 50 MB is cut off and the run recorded as failed', async () => {
    const { error, source, listed } = await importFrom('/huge/');
    expect(error).toMatch(/\/huge\/services\?\S+ answered more than 50 MB for one page, so it was not read/);
    expect(source?.lastStatus).toBe(`failed: ${error}`);
    expect(listed).toHaveLength(0);
  }, 60_000);

  it('a small gzip that unpacks past 50 MB is cut off as it unpacks', async () => {
    const { error, source } = await importFrom('/bomb/');
    expect(error).toMatch(/\/bomb\/services\?\S+ answered more than 50 MB for one page/);
    expect(source?.lastStatus).toBe(`failed: ${error}`);
  }, 60_000);
});

describe('a redirect', () => {
  it('to another host is refused, naming where it pointed; nothing from there is imported', async () => {
    const { error, source, listed } = await importFrom('/away/');
    expect(error).toContain(`redirected to ${elsewhereBase}/services?page=1`);
    expect(error).toMatch(/, another host: not followed, so nothing from there was imported/);
    expect(source?.lastStatus).toBe(`failed: ${error}`);
    expect(listed).toHaveLength(0);
  });

  it('on the feed’s own host is followed', async () => {
    const { error, listed } = await importFrom('/old/');
    expect(error).toBeNull();
    expect(listed.map((l) => l.externalId)).toEqual([moved!.id]);
  });
});
