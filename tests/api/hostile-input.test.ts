import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freeChildren, raiseMutation, serviceId, snapshot } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

let s: TestServer;
let child: number;
let therapy: number;
beforeAll(async () => {
  s = await startServer();
  child = (await freeChildren(s.db, 'linkworker@demo.test'))[0]!.id;
  therapy = await serviceId(s.db, 'Family therapy sessions');
});
afterAll(() => s.close());

type Answer = {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
};

async function post(body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  const res = await fetch(`${s.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Answer['body'] };
}

const codes = (a: Answer) => a.body.errors?.map((e) => e.extensions?.code);

describe('client mistakes are answered as the GraphQL-over-HTTP spec says, never 500', () => {
  const PUBLISH = 'mutation($input: PublishServiceInput!) { publishService(input: $input) { __typename } }';
  const cases: [string, unknown, string][] = [
    ['an input object missing its required field', { query: PUBLISH, variables: { input: {} } }, 'BAD_USER_INPUT'],
    [
      'a string where an Int is declared',
      { query: 'query($n: Int) { services(first: $n) { totalCount } }', variables: { n: 'ten' } },
      'BAD_USER_INPUT',
    ],
    ['a syntax error', { query: '{ services {' }, 'GRAPHQL_PARSE_FAILED'],
    ['an unknown field', { query: '{ nope }' }, 'GRAPHQL_VALIDATION_FAILED'],
    ['too many tokens', { query: `{ ${'__typename '.repeat(3100)} }` }, 'GRAPHQL_PARSE_FAILED'],
    [
      'a cost over the limit',
      {
        query: `{ ${Array.from({ length: 5 }, (_, i) => `s${i}: services(first: 100) { edges { node { organisation { services(first: 100) { edges { node { name } } } } } } }`).join(' ')} }`,
      },
      'QUERY_TOO_COMPLEX',
    ],
    [
      'a depth over the limit',
      { query: `{ categories { ${'children { '.repeat(14)} id ${'} '.repeat(14)} } }` },
      'GRAPHQL_VALIDATION_FAILED',
    ],
  ];
  for (const [name, body, code] of cases) {
    it(`${name}: 200 with errors for application/json, 400 for application/graphql-response+json, code ${code}`, async () => {
      const json = await post(body);
      expect(json.status).toBe(200);
      expect(codes(json)).toEqual([code]);
      expect(json.body.data ?? null).toBeNull();
      const modern = await post(body, { accept: 'application/graphql-response+json' });
      expect(modern.status).toBe(400);
      expect(codes(modern)).toEqual([code]);
    });
  }
});

describe('input built to exhaust the server: typed errors, never 500, no internal message', () => {
  const postRaw = async (body: string): Promise<Answer> => {
    const res = await fetch(`${s.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    return { status: res.status, body: (await res.json()) as Answer['body'] };
  };

  it('variables nested thousands deep, declared or not', async () => {
    const deep = (n: number) => `${'['.repeat(n)}${']'.repeat(n)}`;
    for (const body of [
      `{"query":"{ __typename }","variables":{"a":${deep(50_000)}}}`,
      `{"query":"query($f: ServiceFilter) { services(filter: $f) { totalCount } }","variables":{"f":{"categorySlugs":${deep(5_000)}}}}`,
    ]) {
      const answer = await postRaw(body);
      expect(answer.status).toBeLessThan(500);
      expect(codes(answer)).toEqual(['BAD_USER_INPUT']);
      expect(answer.body.errors?.[0]?.message).toMatch(/nest more than \d+ levels/);
    }
  });

  it('a literal nested thousands deep', async () => {
    const answer = await post({
      query: `{ services(filter: { categorySlugs: ${'['.repeat(2000)}"a"${']'.repeat(2000)} }) { totalCount } }`,
    });
    expect(answer.status).toBeLessThan(500);
    expect(codes(answer)).toEqual(['GRAPHQL_PARSE_FAILED']);
    expect(answer.body.errors?.[0]?.message).not.toMatch(/call stack/i);
  });

  it('an over-long value is refused in the portal’s words, not the validator’s', async () => {
    const answer = await post({
      query:
        'mutation($i: SignInInput!) { signIn(input: $i) { __typename ... on ValidationError { message fieldErrors { path message } } } }',
      variables: { i: { email: `${'a'.repeat(300)}@example.org`, password: 'x'.repeat(300) } },
    });
    const result = (answer.body.data as { signIn: { __typename: string; fieldErrors: { message: string }[] } }).signIn;
    expect(result.__typename).toBe('ValidationError');
    expect(result.fieldErrors.map((e) => e.message)).toEqual([
      'Enter 254 characters or fewer',
      'Enter 200 characters or fewer',
    ]);
  });

  it('more bad variable values than graphql-js reports', async () => {
    const answer = await post({
      query: 'query($f: ServiceFilter) { services(first: 1, filter: $f) { totalCount } }',
      variables: { f: { deliveryModes: Array.from({ length: 60 }, () => 'NOPE') } },
    });
    expect(answer.status).toBeLessThan(500);
    expect(new Set(codes(answer))).toEqual(new Set(['BAD_USER_INPUT']));
  });
});

describe('values the database would refuse are refused first, as typed errors', () => {
  const raise = async (input: Record<string, unknown>) => {
    const token = await s.signIn('linkworker@demo.test');
    return post(
      {
        query: raiseMutation,
        variables: {
          input: {
            childId: globalId('Child', child),
            serviceId: globalId('Service', therapy),
            units: 1,
            rationale: 'Agreed at the family review.',
            idempotencyKey: `hostile-${Math.random().toString(36).slice(2)}`,
            ...input,
          },
        },
      },
      { authorization: `Bearer ${token}` },
    );
  };

  it('a NUL byte in a variable or a literal, anywhere', async () => {
    await s.signIn('linkworker@demo.test'); // signing in is audited: before the snapshot
    const before = await snapshot(s.db);
    const variable = await raise({ rationale: 'Agreed at the\u0000 family review.' });
    expect(variable.status).toBe(200);
    expect(codes(variable)).toEqual(['BAD_USER_INPUT']);
    expect(variable.body.errors?.[0]?.message).toMatch(/input\.rationale.*NUL/);
    const literal = await post({ query: '{ services(filter: { text: "fam\\u0000ily" }) { totalCount } }' });
    expect(codes(literal)).toEqual(['BAD_USER_INPUT']);
    const signIn = await post({
      query: 'mutation { signIn(input: { email: "a\\u0000@b.c", password: "x" }) { __typename } }',
    });
    expect(codes(signIn)).toEqual(['BAD_USER_INPUT']);
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('half a surrogate pair (no UTF-8 form) in a variable or a literal', async () => {
    const before = await snapshot(s.db);
    const signIn = await post({
      query: 'mutation($i: SignInInput!) { signIn(input: $i) { __typename } }',
      variables: { i: { email: '\udfff lone@b.c', password: 'x' } },
    });
    expect(signIn.status).toBe(200);
    expect(codes(signIn)).toEqual(['BAD_USER_INPUT']);
    expect(signIn.body.errors?.[0]?.message).toMatch(/surrogate/);
    // In a literal the GraphQL parser itself refuses the escape.
    const literal = await post({ query: '{ services(filter: { text: "fam\\ud83dily" }) { totalCount } }' });
    expect(codes(literal)).toEqual(['GRAPHQL_PARSE_FAILED']);
    // A whole pair (an emoji) is fine.
    const emoji = await post({ query: '{ services(filter: { text: "family 😀" }) { totalCount } }' });
    expect(emoji.body.errors).toBeUndefined();
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('global ids whose number no row can have', async () => {
    for (const id of ['2147483648', '99999999999999999999', '-1', '0', '1e3', '01']) {
      const node = await post({ query: `{ node(id: "${globalId('Service', id as never)}") { id } }` });
      expect(node.status).toBe(200);
      expect(codes(node)).toEqual(['BAD_USER_INPUT']);
      const res = await raise({ serviceId: globalId('Service', id as never) });
      expect(res.body.data).toMatchObject({
        raiseCommission: { __typename: 'ValidationError', fieldErrors: [{ path: ['input', 'serviceId'] }] },
      });
    }
    const near = await post({
      query: `query($f: ServiceFilter) { services(filter: $f) { totalCount } }`,
      variables: { f: { nearSchoolId: globalId('School', 2 ** 31) } },
    });
    expect(codes(near)).toEqual(['BAD_USER_INPUT']);
    const max = await post({ query: `{ node(id: "${globalId('Service', 2 ** 31 - 1)}") { id } }` });
    expect(max.body).toEqual({ data: { node: null } });
  });

  it('impossible dates', async () => {
    const before = await snapshot(s.db);
    for (const date of ['2026-02-30', '2025-02-29', '2026-13-01', '0000-01-01', '2026-1-1', '+12026-01-01']) {
      const res = await raise({ requestedStartDate: date });
      expect(codes(res), date).toEqual(['BAD_USER_INPUT']);
      expect(res.body.errors?.[0]?.message).toMatch(/real calendar date/);
    }
    expect(await snapshot(s.db)).toEqual(before);
    const leap = await raise({ requestedStartDate: '2028-02-29' });
    expect(leap.body.data).toMatchObject({ raiseCommission: { __typename: 'RaiseCommissionSuccess' } });
    // Real dates, but no start anyone could mean (the server's today is 2026-11-30).
    const afterLeap = await snapshot(s.db);
    for (const date of ['1900-01-01', '2026-10-29', '2028-12-01', '9999-12-31']) {
      const res = await raise({ requestedStartDate: date });
      expect(res.body.data, date).toMatchObject({
        raiseCommission: {
          __typename: 'ValidationError',
          message: 'Enter a start date between 30 October 2026 and 30 November 2028',
        },
      });
    }
    expect(await snapshot(s.db)).toEqual(afterLeap);
  });

  it('a cookie the server cannot decode means signed out, not 500', async () => {
    const res = await post({ query: '{ viewer { id } }' }, { cookie: 'pp_session=%E0%A4%A; other=%%' });
    expect(res).toEqual({ status: 200, body: { data: { viewer: null } } });
  });
});
