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
