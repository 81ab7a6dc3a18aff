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
