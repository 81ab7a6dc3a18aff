import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { schema } from '../../schema/index';
import { startServer, type TestServer } from '../setup/server';

let dev: TestServer;
let prod: TestServer;
beforeAll(async () => {
  dev = await startServer();
  prod = await startServer({ production: true });
});
afterAll(async () => {
  await dev.close();
  await prod.close();
});

const post = (s: TestServer, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });

describe('limits', () => {
  it('refuses queries that are too deep', async () => {
    const deep = `{ categories { ${'children { '.repeat(14)} id ${'} '.repeat(14)} } }`;
    const res = await dev.gql(deep);
    expect(res.errors?.[0]?.message).toMatch(/depth/i);
    expect(res.data ?? null).toBeNull();
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 20 }, (_, i) => `a${i}: categories { id }`).join(' ');
    expect((await dev.gql(`{ ${aliases} }`)).errors?.[0]?.message).toMatch(/alias/i);
  });

  it('refuses expensive queries', async () => {
    const wide = Array.from(
      { length: 12 },
      (_, i) =>
        `s${i}: services(first: 100) { edges { node { organisation { services(first: 100) { edges { node { name } } } } } } }`,
    ).join(' ');
    const res = await dev.gql(`{ ${wide} }`);
    expect(res.errors?.[0]?.message).toMatch(/cost|alias|token/i);
  });

  it('refuses batched requests', async () => {
    const res = await post(dev, [{ query: '{ viewer { id } }' }, { query: '{ viewer { id } }' }]);
    expect(res.status).toBe(400);
  });

  it('refuses bodies over 1 MB and malformed JSON', async () => {
    expect((await post(dev, { query: `{ viewer { id } } #${'x'.repeat(1_100_000)}` })).status).toBe(413);
    const bad = await fetch(`${dev.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query":',
    });
    expect(bad.status).toBe(400);
  });

  it('a persisted query whose hash does not match its text is the client’s mistake (400 BAD_REQUEST), not ours', async () => {
    const query = '{ viewer { id } }';
    const wrong = { persistedQuery: { version: 1, sha256Hash: 'abc' } };
    const res = await post(prod, { query, extensions: wrong });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors).toEqual([
      {
        message: 'The persisted query’s sha256Hash does not match its query text',
        extensions: { code: 'BAD_REQUEST' },
      },
    ]);
    // The hash alone, not yet known, is Apollo's own PERSISTED_QUERY_NOT_FOUND (the client then sends the text).
    const unknown = await (await post(prod, { extensions: wrong })).json();
    expect(unknown.errors[0].extensions.code).toBe('PERSISTED_QUERY_NOT_FOUND');
  });

  // Audit 45 F2: any other persistedQuery (a string, {}, [], version 2) was an INTERNAL_SERVER_ERROR
  // and an error-level log line a stranger could repeat at will.
  it('a persistedQuery extension of another shape or version is a 400 BAD_REQUEST, not a server error', async () => {
    for (const persistedQuery of ['x', {}, [], { version: 2, sha256Hash: 'abc' }, { version: '1' }]) {
      const res = await post(prod, { query: '{ viewer { id } }', extensions: { persistedQuery } });
      expect(res.status).toBe(400);
      expect((await res.json()).errors).toEqual([
        {
          message: 'The persistedQuery extension must be { version: 1, sha256Hash }',
          extensions: { code: 'BAD_REQUEST' },
        },
      ]);
    }
  });

  it('blocks cross-site simple requests (CSRF prevention)', async () => {
    const res = await fetch(`${dev.url}/graphql?query=${encodeURIComponent('{ viewer { id } }')}`);
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/CSRF/i);
  });
});

describe('production behaviour', () => {
  it('turns introspection and field suggestions off', async () => {
    const intro = await prod.gql('{ __schema { types { name } } }');
    expect(intro.errors?.[0]?.message).toMatch(/introspection/i);
    const typo = await prod.gql('{ servics { totalCount } }');
    expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
    expect((await dev.gql('{ servics { totalCount } }')).errors?.[0]?.message).toMatch(/Did you mean "services"/);
  });

  it('repeats at most 100 characters of a name or id the client sent', async () => {
    const name = 'a'.repeat(900_000);
    const field = await post(prod, { query: `{ ${name} }` });
    const said = (await field.json()).errors[0].message;
    expect(said).toBe(`Cannot query field "${'a'.repeat(100)}…" on type "Query".`);
    const value = await post(prod, {
      query: 'query ($n: Int) { services(first: $n) { totalCount } }',
      variables: { n: 'c'.repeat(5000) },
    });
    const valueSaid: string = (await value.json()).errors[0].message;
    expect(valueSaid.length).toBeLessThan(300);
    expect(valueSaid).toContain(`"${'c'.repeat(100)}…"`);
  });

  it('never returns a stack trace, SQL or internal message', async () => {
    const res = await prod.gql('{ node(id: "Q2hpbGQ6eHl6") { id } }'); // "Child:xyz"
    const text = JSON.stringify(res);
    expect(text).not.toMatch(/stack|select |from "|\.ts:|node_modules/i);
  });
});

describe('every response carries security headers', () => {
  for (const path of ['/graphql', '/', '/healthz']) {
    it(path, async () => {
      const res =
        path === '/graphql' ? await post(dev, { query: '{ viewer { id } }' }) : await fetch(`${dev.url}${path}`);
      expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    });
  }
});

describe('schema.graphql', () => {
  it('the web app’s generated types match it (run npm run schema:print after changing types)', () => {
    const out = path.join(os.tmpdir(), `graphql-env-${process.pid}.d.ts`);
    execFileSync('npx', ['gql.tada', 'generate', 'output', '--output', out], {
      cwd: path.join(import.meta.dirname, '..', '..'),
      stdio: 'ignore',
    });
    const committed = readFileSync(
      path.join(import.meta.dirname, '..', '..', 'web', 'src', 'graphql-env.d.ts'),
      'utf8',
    );
    expect(readFileSync(out, 'utf8')).toBe(committed);
  }, 60_000);

  it('is the schema the code builds (run npm run schema:print after changing types)', () => {
    const committed = readFileSync(path.join(import.meta.dirname, '..', '..', 'schema.graphql'), 'utf8');
    expect(committed).toBe(`${printSchema(schema)}\n`);
  });
});
