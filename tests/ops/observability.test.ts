import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { connect } from 'node:net';
import path from 'node:path';
import { brotliCompressSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { webOperationNames } from '../../scripts/web-operations';
import { metricsAllowed } from '../../server/app';
import { compileTrust } from '../../server/proxy-trust';
import WEB_OPERATIONS from '../../server/web-operations.json';
import { freshDatabase } from '../setup/database';
import { miniWebApp } from '../setup/mini-web';
import { DEMO_PASSWORD } from '../setup/server';
import { type Deployment, gql, newDeployment, signIn, start } from './harness';

// ISSUE 8, points 7, 9 and 10: request logs (JSON, request ids, redaction), metrics, and 404s
// that are not the web app's HTML.

let deployment: Deployment;
beforeAll(async () => {
  deployment = await newDeployment();
}, 120_000);
afterAll(() => deployment.cleanup());

const logLines = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('request logs', () => {
  it('one JSON line per request with its id, operation, status and duration; no passwords, tokens or children’s names', async () => {
    const server = await start(deployment);
    let names: string[] = [];
    let token = '';
    let requestId = '';
    try {
      token = await signIn(server.url, 'linkworker@demo.test');
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${token}`,
          'x-request-id': 'from-the-client-1',
        },
        body: JSON.stringify({
          query: 'query Caseload { viewer { caseload(first: 50) { edges { node { firstName lastName } } } } }',
        }),
      });
      // Not behind a trusted proxy: the client's id is not believed.
      requestId = res.headers.get('x-request-id')!;
      expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
      const body = (await res.json()) as {
        data: { viewer: { caseload: { edges: { node: { firstName: string; lastName: string } }[] } } };
      };
      names = body.data.viewer.caseload.edges.flatMap((e) => [e.node.firstName, e.node.lastName]);
      expect(names.length).toBeGreaterThan(10);
      // A mutation carrying a child's name and a password in its variables, refused.
      await gql(
        server.url,
        'mutation Bad($x: String!) { nope(x: $x) }',
        { x: names[0], password: DEMO_PASSWORD },
        token,
      );
    } finally {
      await server.stop();
    }
    const logs = server.logs();
    const lines = logLines(logs);
    const line = lines.find((l) => l.reqId === requestId);
    expect(line).toMatchObject({
      msg: 'request',
      method: 'POST',
      path: '/graphql',
      operation: 'Caseload',
      status: 200,
      ip: '127.0.0.1',
    });
    expect(typeof line!.durationMs).toBe('number');
    expect(lines.some((l) => l.errors && (l.errors as string[]).includes('GRAPHQL_VALIDATION_FAILED'))).toBe(true);
    expect(logs).not.toContain(DEMO_PASSWORD);
    expect(logs).not.toContain(token);
    for (const name of names) expect(logs).not.toContain(name);
  }, 120_000);

  it('clients that hang up before the answer do not disturb the server', async () => {
    const server = await start(deployment);
    try {
      const port = Number(new URL(server.url).port);
      // Each sends a request (the POST only half its body), waits until the server is answering
      // it, then hangs up.
      const hangUps = Array.from({ length: 20 }, async (_, i) => {
        const socket = connect(port, '127.0.0.1');
        socket.on('error', () => {});
        socket.write(
          i % 2
            ? 'GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n'
            : 'POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{',
        );
        await new Promise((r) => setTimeout(r, 200));
        socket.destroy();
      });
      await Promise.all(hangUps);
      await new Promise((r) => setTimeout(r, 500));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
      expect(server.child.exitCode).toBeNull();
    } finally {
      await server.stop();
    }
    expect(server.logs()).not.toMatch(/uncaught exception/);
  }, 120_000);

  it('behind a trusted proxy the proxy’s X-Request-Id is kept and echoed', async () => {
    const server = await start(deployment, { TRUST_PROXY: 'loopback' });
    try {
      const res = await fetch(`${server.url}/healthz`, {
        headers: { 'x-request-id': 'proxy-id-42', 'x-forwarded-for': '203.0.113.9' },
      });
      expect(res.headers.get('x-request-id')).toBe('proxy-id-42');
    } finally {
      await server.stop();
    }
    expect(logLines(server.logs()).find((l) => l.reqId === 'proxy-id-42')).toMatchObject({
      path: '/healthz',
      ip: '203.0.113.9',
    });
  }, 120_000);
});

describe('metrics', () => {
  it('Prometheus text with request durations by operation, errors by code, pool use and commissions by status', async () => {
    const server = await start(deployment);
    try {
      const token = await signIn(server.url, 'commissioner@demo.test');
      await gql(server.url, 'query Nope { nope }', {}, token);
      // Refused input is the client's mistake: counted under its own code, not as a server error.
      await gql(server.url, 'query BadId { node(id: "!!!") { id } }', {}, token);
      const res = await fetch(`${server.url}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/text\/plain/);
      const text = await res.text();
      expect(text).toMatch(
        /portal_http_request_duration_seconds_count\{route="graphql:signIn|graphql:anonymous mutation",method="POST",status="200"\} 1/,
      );
      expect(text).toMatch(/portal_graphql_errors_total\{code="GRAPHQL_VALIDATION_FAILED"\} 1/);
      expect(text).toMatch(/portal_graphql_errors_total\{code="BAD_USER_INPUT"\} 1/);
      expect(text).not.toMatch(/portal_graphql_errors_total\{code="INTERNAL_SERVER_ERROR"\}/);
      expect(text).toMatch(/portal_db_pool_connections\{state="max"\} \d+/);
      expect(text).toMatch(/portal_commissions\{status="COMPLETED"\} [1-9]/);
      expect(text).toMatch(/# TYPE portal_transaction_retries_total counter/);
      expect(text).toMatch(/process_resident_memory_bytes \d+/);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('operation names label the metrics, boundedly: the web app’s own always, other clients’ names pooled past 100', async () => {
    // The list the server labels is the web app's operations as they are now.
    expect(webOperationNames()).toEqual(WEB_OPERATIONS);
    const server = await start(deployment);
    try {
      const ask = (name: string) => gql(server.url, `query ${name} { __typename }`);
      for (let i = 0; i < 320; i++) await ask(`Flood${i}`);
      const ours = WEB_OPERATIONS.at(-1)!;
      await ask(ours);
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const routes = new Set([...text.matchAll(/route="graphql:([^"]+)"/g)].map((m) => m[1]));
      expect(routes).toContain(ours);
      expect(routes).toContain('other');
      expect(routes).toContain('Flood99');
      expect(routes).not.toContain('Flood100');
      expect(text).toMatch(
        /portal_http_request_duration_seconds_count\{route="graphql:other",method="POST",status="200"\} 220/,
      );
    } finally {
      await server.stop();
    }
  }, 180_000);

  it('other hosts need METRICS_TOKEN', () => {
    const from = (remoteAddress: string, authorization?: string) =>
      ({ socket: { remoteAddress }, headers: authorization ? { authorization } : {} }) as unknown as IncomingMessage;
    const secret = 'a-long-metrics-token-123';
    expect(metricsAllowed(from('127.0.0.1'), undefined)).toBe(true);
    expect(metricsAllowed(from('::1'), undefined)).toBe(true);
    expect(metricsAllowed(from('10.1.2.3'), undefined)).toBe(false);
    expect(metricsAllowed(from('10.1.2.3'), secret)).toBe(false);
    expect(metricsAllowed(from('10.1.2.3', 'Bearer wrong-token-of-same-len'), secret)).toBe(false);
    expect(metricsAllowed(from('10.1.2.3', `Bearer ${secret}`), secret)).toBe(true);
    // Behind a proxy on this machine (TRUST_PROXY=loopback) the peer is always 127.0.0.1: the
    // forwarded client decides, so the internet does not pass for this machine.
    const trust = compileTrust('loopback');
    const proxied = (forwardedFor: string, authorization?: string) =>
      ({
        socket: { remoteAddress: '127.0.0.1' },
        headers: { 'x-forwarded-for': forwardedFor, ...(authorization ? { authorization } : {}) },
      }) as unknown as IncomingMessage;
    expect(metricsAllowed(proxied('8.8.8.8'), secret, trust)).toBe(false);
    expect(metricsAllowed(proxied('8.8.8.8', `Bearer ${secret}`), secret, trust)).toBe(true);
    expect(metricsAllowed(proxied('127.0.0.1'), secret, trust)).toBe(true);
    expect(metricsAllowed(from('127.0.0.1'), secret, trust)).toBe(true);
  });
});

describe('what is not a page', () => {
  let url: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    // A built web app in miniature: index, one hashed asset and its precompressed copy, the routes.
    const db = await freshDatabase();
    const web = await miniWebApp(db.db, ['/', '/services/:id', '/caseload', '*'], (dir) => {
      mkdirSync(path.join(dir, 'assets'));
      writeFileSync(path.join(dir, 'assets', 'app-abc123.js'), 'console.log("app")');
      writeFileSync(path.join(dir, 'assets', 'app-abc123.js.br'), brotliCompressSync('console.log("app")'));
    });
    url = web.url;
    close = async () => {
      await web.close();
      await db.close();
    };
  }, 60_000);
  afterAll(() => close());

  it('answers 404 for missing files and API paths, 200 for the app’s routes, 404 (with the app) for other pages', async () => {
    const status = async (p: string) => {
      const res = await fetch(`${url}${p}`);
      return [res.status, res.headers.get('content-type')?.split(';')[0]];
    };
    expect(await status('/assets/nope.js')).toEqual([404, 'text/plain']);
    expect(await status('/favicon-nope.png')).toEqual([404, 'text/plain']);
    expect(await status('/graphql/extra')).toEqual([404, 'application/json']);
    expect(await status('/api/anything')).toEqual([404, 'application/json']);
    expect(await status('/ops/backup')).toEqual([404, 'application/json']);
    expect(await status('/')).toEqual([200, 'text/html']);
    const service = encodeURIComponent(Buffer.from('Service:12').toString('base64')); // U2VydmljZToxMg%3D%3D
    expect(await status(`/services/${service}`)).toEqual([200, 'text/html']);
    expect(await status(`/services/${service}/`)).toEqual([200, 'text/html']);
    // A path's id that can never be a record: the "Page not found" page, as 404.
    const b64 = (text: string) => encodeURIComponent(Buffer.from(text).toString('base64'));
    // Beyond the database's integer keys, or zero: the API refuses these ids too.
    for (const id of ['12', 'nope', 'zzz%', b64('Service:x'), b64('Service:0'), b64('Service:99999999999')])
      expect(await status(`/services/${id}`), id).toEqual([404, 'text/html']);
    expect(await status('/caseload/')).toEqual([200, 'text/html']);
    expect(await status('/no-such-page')).toEqual([404, 'text/html']);
    expect(await status('/healthz')).toEqual([200, 'application/json']);
  });

  it('a file gone since the server started (a build replaced under it) is a 404, and the server goes on', async () => {
    const db = await freshDatabase();
    let assets = '';
    const web = await miniWebApp(db.db, ['/', '*'], (dir) => {
      assets = path.join(dir, 'assets');
      mkdirSync(assets);
      writeFileSync(path.join(assets, 'old-111.js'), 'console.log("old")');
      writeFileSync(path.join(assets, 'old-111.js.br'), brotliCompressSync('console.log("old")'));
    });
    try {
      expect((await fetch(`${web.url}/assets/old-111.js`)).status).toBe(200);
      rmSync(assets, { recursive: true });
      mkdirSync(assets);
      writeFileSync(path.join(assets, 'new-222.js'), 'console.log("new")');
      for (const encoding of ['br', 'identity']) {
        const gone = await fetch(`${web.url}/assets/old-111.js`, { headers: { 'accept-encoding': encoding } });
        expect([gone.status, await gone.text()]).toEqual([404, 'Not found']);
      }
      const fresh = await fetch(`${web.url}/assets/new-222.js`);
      expect([fresh.status, fresh.headers.get('cache-control'), await fresh.text()]).toEqual([
        200,
        'public, max-age=31536000, immutable',
        'console.log("new")',
      ]);
      expect((await fetch(`${web.url}/healthz`)).status).toBe(200);
    } finally {
      await web.close();
      await db.close();
    }
  }, 60_000);

  it('sends the precompressed copy to a browser that accepts it, the plain file otherwise', async () => {
    const br = await fetch(`${url}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'br' } });
    expect(br.headers.get('content-encoding')).toBe('br');
    expect(await br.text()).toBe('console.log("app")'); // fetch decodes it
    const plain = await fetch(`${url}/assets/app-abc123.js`, { headers: { 'accept-encoding': 'identity' } });
    expect(plain.headers.get('content-encoding')).toBeNull();
    // q=0 refuses a coding (RFC 9110), and codings are case-insensitive.
    const encodingFor = async (accept: string) =>
      (await fetch(`${url}/assets/app-abc123.js`, { headers: { 'accept-encoding': accept } })).headers.get(
        'content-encoding',
      );
    expect(await encodingFor('br;q=0')).toBeNull();
    expect(await encodingFor('br;q=0, gzip')).toBeNull(); // no gzip copy in this miniature
    expect(await encodingFor('BR')).toBe('br');
  });

  it('compresses large API answers', async () => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-encoding': 'gzip' },
      body: JSON.stringify({ query: '{ services(first: 50) { edges { node { name description } } } }' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
    expect(
      ((await res.json()) as { data: { services: { edges: unknown[] } } }).data.services.edges.length,
    ).toBeGreaterThan(10);
    // A coding refused with q=0 is not used; the next one accepted is.
    const encodingFor = async (accept: string) =>
      (
        await fetch(`${url}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'accept-encoding': accept },
          body: JSON.stringify({ query: '{ services(first: 50) { edges { node { name description } } } }' }),
        })
      ).headers.get('content-encoding');
    expect(await encodingFor('gzip;q=0')).toBeNull();
    expect(await encodingFor('br;q=0, gzip')).toBe('gzip');
    expect(await encodingFor('gzip, br')).toBe('br');
    expect(await encodingFor('br;q=0.1, gzip;q=0.9')).toBe('gzip');
  });

  it('a byte range is sent as asked; a suffix or malformed range gets the whole file', async () => {
    const get = async (range: string) => {
      const res = await fetch(`${url}/assets/app-abc123.js`, {
        headers: { range, 'accept-encoding': 'identity' },
      });
      return [res.status, res.headers.get('content-range'), await res.text()];
    };
    expect(await get('bytes=0-6')).toEqual([206, 'bytes 0-6/18', 'console']);
    expect(await get('bytes=12-')).toEqual([206, 'bytes 12-17/18', '"app")']);
    for (const range of ['bytes=-5', 'bytes=5-1', 'junk', 'bytes=1-2,4-5'])
      expect(await get(range)).toEqual([200, null, 'console.log("app")']);
  });

  it('pages, files and health answer only GET and HEAD: another method is a 405 that says so', async () => {
    const answer = async (method: string, p: string) => {
      const res = await fetch(`${url}${p}`, { method });
      return [res.status, res.headers.get('allow')];
    };
    for (const [method, p] of [
      ['PUT', '/healthz'],
      ['DELETE', '/'],
      ['PATCH', '/assets/app-abc123.js'],
      ['POST', '/readyz'],
      ['POST', '/caseload'],
    ] as const)
      expect(await answer(method, p), `${method} ${p}`).toEqual([405, 'GET, HEAD']);
    expect(await answer('HEAD', '/caseload')).toEqual([200, null]);
    expect(await answer('HEAD', '/healthz')).toEqual([200, null]);
  });

  it('HEAD /graphql is a GET without the body: the same status and headers, and no body', async () => {
    const both = async (query: string, headers: Record<string, string>) => {
      const at = `${url}/graphql?query=${encodeURIComponent(query)}`;
      const get = await fetch(at, { headers });
      const head = await fetch(at, { method: 'HEAD', headers });
      const seen = (res: Response) => [res.status, res.headers.get('content-type'), res.headers.get('allow')];
      return { get: seen(get), head: seen(head), getBody: await get.text(), headBody: await head.text() };
    };
    // A query by GET (with the CSRF guard's header, as a GET needs): 200 JSON, and HEAD the same with no body.
    const ok = await both('{ __typename }', { 'apollo-require-preflight': 'true' });
    expect(ok.get).toEqual([200, 'application/json; charset=utf-8', null]);
    expect(ok.head).toEqual(ok.get);
    expect(JSON.parse(ok.getBody)).toEqual({ data: { __typename: 'Query' } });
    expect(ok.headBody).toBe('');
    // Whatever GET refuses, HEAD refuses the same way: no CSRF header, or a mutation (never by GET).
    for (const [query, headers] of [
      ['{ __typename }', {}],
      ['mutation { signOut { __typename } }', { 'apollo-require-preflight': 'true' }],
    ] as const) {
      const refused = await both(query, headers);
      expect(refused.get[0], query).toBeGreaterThanOrEqual(400);
      expect(refused.head, query).toEqual(refused.get);
      expect(refused.headBody).toBe('');
    }
  });

  it('hashed assets are cached for a year, pages revalidate', async () => {
    const asset = await fetch(`${url}/assets/app-abc123.js`);
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const page = await fetch(`${url}/caseload`);
    expect(page.headers.get('cache-control')).toBe('no-cache');
  });
});
