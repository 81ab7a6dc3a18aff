import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { urlReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { startServer, type TestServer } from '../setup/server';

// A feed that is down, slow or wrong: the import says why (refused, no answer in time, HTTP
// status, not JSON), says so each time it tries again while it waits, tries again only when
// another try could help, and writes nothing.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const listen = (server: net.Server) =>
  new Promise<number>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
const closed = (server: net.Server) => new Promise((resolve) => server.close(resolve));
/**
 * A port nothing listens on, below the kernel's ephemeral range (32768 up on Linux), so no server
 * another test file starts on port 0 meanwhile can take it during the retries.
 */
async function closedPort(): Promise<number> {
  for (let port = 20_000 + Math.floor(Math.random() * 10_000); ; port++) {
    const probe = net.createServer();
    const free = await new Promise<boolean>((resolve) => {
      probe.once('error', () => resolve(false));
      probe.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (free) {
      await closed(probe);
      return port;
    }
  }
}

async function importFrom(url: string, slug: string) {
  const { zone } = await createZone(s.db, slug, []);
  const retries: string[] = [];
  const run = runImport(s.db, urlReader(url, { onRetry: (m) => retries.push(m), timeoutMs: 300 }), {
    zoneId: zone.id,
    location: url,
  });
  const error = await run.then(
    () => null,
    (e: Error) => e.message,
  );
  return { error, retries, zone };
}

describe('a feed that cannot be read', () => {
  it('a closed port: the connection was refused, said on each retry and at the end', async () => {
    const port = await closedPort();
    const { error, retries } = await importFrom(`http://127.0.0.1:${port}/`, 'refused');
    const why = `could not reach 127.0.0.1:${port}: the connection was refused (nothing is listening there) (ECONNREFUSED)`;
    expect(error).toBe(why);
    expect(retries).toEqual([
      `${why}; trying again in 0.5 s (attempt 2 of 3)`,
      `${why}; trying again in 1 s (attempt 3 of 3)`,
    ]);
  });

  it('a port fetch never uses (9): said at once, not tried again', async () => {
    const { error, retries } = await importFrom('http://127.0.0.1:9/', 'bad-port');
    expect(error).toBe(
      '127.0.0.1:9 is on a port fetch refuses to use (as browsers do): serve the feed on another port',
    );
    expect(retries).toEqual([]);
  });

  it('a server that accepts and never answers: no answer within the time, tried three times', async () => {
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    const port = await listen(silent);
    try {
      const { error, retries } = await importFrom(`http://127.0.0.1:${port}/`, 'silent');
      expect(error).toBe(`127.0.0.1:${port} did not answer within 0.3 s`);
      expect(retries).toHaveLength(2);
    } finally {
      for (const socket of sockets) socket.destroy();
      await closed(silent);
    }
  });

  it('a 404 or a page that is not JSON is asked once; a 503 is asked again and a later answer imports', async () => {
    const asked: string[] = [];
    let unavailable = 2;
    const feed = http.createServer((req, res) => {
      asked.push(req.url!);
      if (req.url!.startsWith('/missing/')) return res.writeHead(404).end('Not found');
      if (req.url!.startsWith('/html/')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>');
      if (unavailable-- > 0) return res.writeHead(503).end();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ contents: [], total_pages: 1, last_page: true }));
    });
    const port = await listen(feed);
    const base = `http://127.0.0.1:${port}`;
    try {
      const missing = await importFrom(`${base}/missing/`, 'missing-feed');
      expect(missing.error).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/missing\/services\?\S+ answered HTTP 404$/);
      expect(missing.retries).toEqual([]);
      const html = await importFrom(`${base}/html/`, 'html-feed');
      expect(html.error).toMatch(/\/html\/services\?\S+ did not answer with JSON \(/);
      expect(html.retries).toEqual([]);
      expect(asked.filter((u) => !u.startsWith('/ok/'))).toHaveLength(2);
      const later = await importFrom(`${base}/ok/`, 'later-feed');
      expect(later.retries.map((r) => r.replace(/\?\S+/, '?…'))).toEqual([
        `${base}/ok/services?… answered HTTP 503; trying again in 0.5 s (attempt 2 of 3)`,
        `${base}/ok/services?… answered HTTP 503; trying again in 1 s (attempt 3 of 3)`,
      ]);
      // An empty feed: read, nothing in it (no error), after the third request.
      expect(later.error).toBeNull();
      expect(asked.filter((u) => u.startsWith('/ok/'))).toHaveLength(3);
    } finally {
      await closed(feed);
    }
  });
});

describe('a feed that lists summaries', () => {
  it('asks for the full record only of a bare summary, and a wrong answer is reported under the id asked for', async () => {
    const asked: string[] = [];
    const whole = { id: 'aaaaaaaa-0000-4000-8000-000000000001', name: 'Online chat', status: 'active', contacts: [] };
    const bare = { id: 'aaaaaaaa-0000-4000-8000-000000000002', name: 'Drop-in' };
    const feed = http.createServer((req, res) => {
      asked.push(req.url!.replace(/\?.*/, ''));
      res.writeHead(200, { 'content-type': 'application/json' });
      // The one record it is asked for, it answers with an error body, not the service.
      if (req.url!.startsWith('/services/')) return res.end(JSON.stringify({ error: 'no such service' }));
      res.end(JSON.stringify({ contents: [whole, bare], total_pages: 1, last_page: true }));
    });
    const port = await listen(feed);
    try {
      const { zone } = await createZone(s.db, 'summaries', []);
      const summary = await runImport(s.db, urlReader(`http://127.0.0.1:${port}/`), { zoneId: zone.id, location: 'x' });
      expect(asked).toEqual(['/services', `/services/${bare.id}`]);
      expect(summary.problems.map((p) => p.id)).toEqual([whole.id, bare.id]);
    } finally {
      await closed(feed);
    }
  });
});
