import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../setup/server';

// The cost limit and the literal check remember their answer per parsed document (Apollo hands back
// the same document for the same query text): the same text with other variables must be costed
// for those variables, and a refused literal must be refused every time.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

const codeOf = async (query: string, variables?: Record<string, unknown>) => {
  const res = await s.gql(query, variables);
  return res.errors?.[0]?.extensions?.code ?? 'OK';
};
const FIELDS = 'id name description eligibility claimed commissionable capacity';

describe('one query text, costed for each request’s own variables', () => {
  it('a page size given as a variable: small, then too large, then small again', async () => {
    const query = `query($a: Int, $b: Int) { services(first: $a) { edges { node { organisation {
      services(first: $b) { edges { node { ${FIELDS} } } } } } } } }`;
    expect(await codeOf(query, { a: 5, b: 5 })).toBe('OK');
    expect(await codeOf(query, { a: 100, b: 100 })).toBe('QUERY_TOO_COMPLEX');
    expect(await codeOf(query, { a: 5, b: 5 })).toBe('OK');
    expect(await codeOf(query, { a: 100, b: 100 })).toBe('QUERY_TOO_COMPLEX');
  });

  it('a directive given as a variable: the dropped fields cost nothing, the kept ones count', async () => {
    const query = `query($deep: Boolean!) { services(first: 100) { edges { node { organisation @include(if: $deep) {
      services(first: 100) { edges { node { ${FIELDS} } } } } } } } }`;
    expect(await codeOf(query, { deep: false })).toBe('OK');
    expect(await codeOf(query, { deep: true })).toBe('QUERY_TOO_COMPLEX');
    expect(await codeOf(query, { deep: false })).toBe('OK');
  });

  it('a page size left out costs less than one given as null (the default page of 20)', async () => {
    const query = `query($b: Int) { services(first: 100) { edges { node { organisation {
      services(first: $b) { edges { node { ${FIELDS} } } } } } } } }`;
    expect(await codeOf(query, {})).toBe('OK');
    expect(await codeOf(query, { b: null })).toBe('QUERY_TOO_COMPLEX');
    expect(await codeOf(query, {})).toBe('OK');
  });

  it('a cursor given or not: with no page size, a cursor makes it a page of 20', async () => {
    const query = `query($c: String) { services(first: 100) { edges { node { organisation {
      services(after: $c) { edges { node { ${FIELDS} } } } } } } } }`;
    expect(await codeOf(query, {})).toBe('OK');
    expect(await codeOf(query, { c: 'any-cursor' })).toBe('QUERY_TOO_COMPLEX');
    expect(await codeOf(query, {})).toBe('OK');
  });

  it('one document holding two operations: each costed as itself', async () => {
    const query = `query Small { services(first: 5) { edges { node { name } } } }
      query Large { ${Array.from({ length: 5 }, (_, i) => `s${i}: services(first: 100) { edges { node { organisation { services(first: 100) { edges { node { name } } } } } } }`).join(' ')} }`;
    const as = async (operationName: string) => {
      const res = await fetch(`${s.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query, operationName }),
      });
      const body = (await res.json()) as { errors?: { extensions?: { code?: string } }[] };
      return body.errors?.[0]?.extensions?.code ?? 'OK';
    };
    expect(await as('Small')).toBe('OK');
    expect(await as('Large')).toBe('QUERY_TOO_COMPLEX');
    expect(await as('Small')).toBe('OK');
  });
});

describe('a refused literal is refused every time its query text comes back', () => {
  it('a NUL in a literal argument, twice', async () => {
    const query = `{ services(first: 1, filter: { text: "club${String.fromCharCode(0)}" }) { totalCount } }`;
    expect(await codeOf(query)).toBe('BAD_USER_INPUT');
    expect(await codeOf(query)).toBe('BAD_USER_INPUT');
    expect(await codeOf('{ services(first: 1, filter: { text: "club" }) { totalCount } }')).toBe('OK');
  });
});
