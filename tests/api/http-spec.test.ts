import http from 'node:http';
import { auditServer } from 'graphql-http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../setup/server';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('GraphQL over HTTP (graphql-http serverAudits against the real server)', () => {
  it('passes every MUST and every SHOULD', async () => {
    const results = await auditServer({ url: `${server.url}/graphql` });
    const failed = results.filter((r) => r.status !== 'ok');
    const count = (level: string) => results.filter((r) => r.name.startsWith(level)).length;
    console.log(
      `graphql-http audit: ${results.length} audits (${count('MUST')} MUST, ${count('SHOULD')} SHOULD, ${count('MAY')} MAY), ${
        results.length - failed.length
      } ok, ${failed.length} not ok`,
    );
    for (const r of failed) console.log(`  ${r.status}: ${r.name}${'reason' in r ? ` (${r.reason})` : ''}`);
    const required = failed.filter((r) => r.name.startsWith('MUST') || r.name.startsWith('SHOULD'));
    expect(required.map((r) => r.name)).toEqual([]);
  });
});

describe('keep-alive', () => {
  // Node closes an idle socket after 5 s by default: a client (or a proxy) reusing it at that moment
  // got ECONNRESET. The server keeps idle sockets longer than a proxy's 60 s and says so.
  it('keeps an idle socket open past Node’s 5 s default, and tells clients how long', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const get = () =>
      new Promise<{ status: number; keepAlive: string; reused: boolean }>((resolve, reject) => {
        const req = http.get(`${server.url}/healthz`, { agent }, (res) => {
          res.resume();
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              keepAlive: String(res.headers['keep-alive']),
              reused: req.reusedSocket,
            }),
          );
        });
        req.on('error', reject);
      });
    const first = await get();
    expect(first).toEqual({ status: 200, keepAlive: 'timeout=65', reused: false });
    await new Promise((r) => setTimeout(r, 6_000));
    expect(await get()).toEqual({ status: 200, keepAlive: 'timeout=65', reused: true });
    agent.destroy();
  });
});

describe('methods on /graphql', () => {
  // GraphQL is GET (queries) and POST; other methods were answered by Apollo's CSRF guard with a 400
  // that blamed a missing header, and OPTIONS (a preflight, a client probing) the same.
  it('answers OPTIONS with 204 and the allowed methods, opening no CORS', async () => {
    const res = await fetch(`${server.url}/graphql`, { method: 'OPTIONS' });
    expect(res.status).toBe(204);
    expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect(res.headers.get('access-control-allow-methods')).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('answers DELETE, PUT and PATCH with 405, the allowed methods and a short error', async () => {
    // Bare (as curl -X DELETE sends it: Apollo's CSRF 400) and with a JSON body (Apollo's 405 left out OPTIONS).
    const json = { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) };
    for (const [method, init] of ['DELETE', 'PUT', 'PATCH'].flatMap((m) => [
      [m, {}],
      [m, json],
    ]) as [string, RequestInit][]) {
      const res = await fetch(`${server.url}/graphql`, { method, ...init });
      expect(res.status, `${method} ${JSON.stringify(init)}`).toBe(405);
      expect(res.headers.get('allow')).toBe('GET, HEAD, POST, OPTIONS');
      expect(res.headers.get('content-type')).toContain('application/json');
      expect(await res.json()).toEqual({
        errors: [
          {
            message: `GraphQL takes GET or POST, not ${method}`,
            extensions: { code: 'METHOD_NOT_ALLOWED' },
          },
        ],
      });
    }
  });

  it('a body too large is a 413 with its code, like every other refusal', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: `{ __typename } #${'x'.repeat(1_100_000)}` }),
    });
    expect(res.status).toBe(413);
    expect(await res.json()).toEqual({
      errors: [{ message: 'Request too large', extensions: { code: 'PAYLOAD_TOO_LARGE' } }],
    });
  });

  it('answers other methods on the exports with 405 and Allow: GET, not 404', async () => {
    for (const path of [
      '/exports/commissions.csv',
      '/exports/unmet-need.csv',
      '/exports/payment-runs/abc.csv',
      '/exports/local-offer/abc.pdf',
    ]) {
      for (const method of ['POST', 'PUT', 'DELETE']) {
        const res = await fetch(`${server.url}${path}`, { method });
        expect(res.status, `${method} ${path}`).toBe(405);
        expect(res.headers.get('allow')).toBe('GET');
        expect(await res.json()).toEqual({ error: `${method} is not allowed here; use GET` });
      }
    }
    expect((await fetch(`${server.url}/exports/nothing.csv`, { method: 'POST' })).status).toBe(404);
  });

  it('still answers GET and POST', async () => {
    const get = await fetch(`${server.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(get.status).toBe(200);
    const post = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(await post.json()).toEqual({ data: { __typename: 'Query' } });
  });
});

describe('operations this API does not run', () => {
  it('answers a subscription with a 400 that says so, not a server fault', async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: 'subscription { __typename }' }),
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: 'This API has no subscriptions: ask with a query (and again to see changes)',
          extensions: { code: 'BAD_REQUEST' },
        },
      ],
    });
  });
});
