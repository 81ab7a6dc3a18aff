import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../setup/server';

// A cursor belongs to one list with one set of filters and one order. Given to another list, kept
// when the search or the order changed, or edited by hand, it is refused with a typed input error
// on the page's own argument (BAD_USER_INPUT, path after/before) before any SQL runs: before this,
// such cursors reached PostgreSQL and came back as an internal error or as arbitrary rows (audit 40
// F6). Pages followed with their own cursors still join up. Run on PGlite and PostgreSQL.

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: responses are read dynamically.
type Data = any;
const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');
const unb64 = (text: string) => Buffer.from(text, 'base64').toString('utf8');

/** A top-level list, its query with FIRST and AFTER slots, as the role that can read it. */
type List = { field: string; as: string; args?: string };
const LISTS: List[] = [
  { field: 'commissions', as: 'commissioner@demo.test' },
  { field: 'commissions', as: 'commissioner@demo.test', args: 'orderBy: VALUE_HIGHEST' },
  { field: 'auditEvents', as: 'commissioner@demo.test' },
  { field: 'contracts', as: 'commissioner@demo.test' },
  { field: 'children', as: 'linkworker@demo.test' },
  { field: 'services', as: 'linkworker@demo.test' },
  { field: 'services', as: 'linkworker@demo.test', args: 'filter: { text: "art" }' },
  { field: 'services', as: 'linkworker@demo.test', args: 'filter: { near: { latitude: 53.48, longitude: -2.24 } }' },
];
const page = (l: List, first: number, after?: string) =>
  `{ ${l.field}(first: ${first}${after ? `, after: ${JSON.stringify(after)}` : ''}${l.args ? `, ${l.args}` : ''}) { edges { cursor node { id } } pageInfo { endCursor hasNextPage } } }`;

async function read(l: List, first: number, after?: string) {
  const res: Data = await s.gql(page(l, first, after), undefined, await s.signIn(l.as));
  return res;
}

const refused = (res: Data, arg = 'after') => {
  expect(res.errors).toEqual([
    expect.objectContaining({
      extensions: expect.objectContaining({
        code: 'BAD_USER_INPUT',
        fieldErrors: [expect.objectContaining({ path: [arg] })],
      }),
    }),
  ]);
  expect(JSON.stringify(res.errors)).not.toMatch(/select|syntax|drizzle|integer/i);
};

describe('cursors', () => {
  for (const l of LISTS) {
    it(`${l.field}${l.args ? ` (${l.args})` : ''}: pages followed by their own cursors join up`, async () => {
      const whole = await read(l, 6);
      expect(whole.errors).toBeUndefined();
      const ids = whole.data[l.field].edges.map((e: Data) => e.node.id);
      expect(ids.length, 'the demo has enough rows to page').toBeGreaterThan(1);
      const half = Math.floor(ids.length / 2);
      const first = await read(l, half);
      const second = await read(l, ids.length - half, first.data[l.field].pageInfo.endCursor);
      expect(second.errors).toBeUndefined();
      expect([...first.data[l.field].edges, ...second.data[l.field].edges].map((e: Data) => e.node.id)).toEqual(ids);
    });
  }

  it('a cursor from another list, or the same list searched or ordered differently, is refused', async () => {
    const cursorOf = async (l: List) => (await read(l, 2)).data[l.field].pageInfo.endCursor as string;
    const [commissions, byValue, audit, contracts, children, services, text, near] = await Promise.all(
      LISTS.map(cursorOf),
    );
    const commissionsList = LISTS[0]!;
    const servicesList = LISTS[5]!;
    refused(await read(commissionsList, 2, services));
    refused(await read(commissionsList, 2, children));
    refused(await read(commissionsList, 2, byValue));
    refused(await read(LISTS[1]!, 2, commissions));
    refused(await read(LISTS[6]!, 2, services));
    refused(await read(LISTS[7]!, 2, services));
    refused(await read(servicesList, 2, text));
    refused(await read(servicesList, 2, near));
    refused(await read(LISTS[6]!, 2, near));
    refused(await read(LISTS[2]!, 2, contracts));
    refused(await read(LISTS[3]!, 2, audit));
    refused(await read({ field: 'paymentRuns', as: 'commissioner@demo.test' }, 2, commissions));
  });

  it('a hand-made cursor in the keyset format, or a sealed one with a value edited, is refused', async () => {
    const commissions = LISTS[0]!;
    for (const made of ['DC:N:abc', 'DC:N:1.5', 'DC:T:["D:notadate","N:1"]', 'DC:S:x', 'junk']) {
      refused(await read(commissions, 2, b64(made)));
    }
    // Sealed for the right page, values edited: an id of 1.5 and a day that is not one reach
    // PostgreSQL (which refuses them); a value of the wrong kind.
    const sealOf = async (l: List) => unb64((await read(l, 2)).data[l.field].pageInfo.endCursor).split(/:(.*)/s);
    const [byId, byIdKeyset] = await sealOf(commissions);
    expect(byIdKeyset).toMatch(/^DC:N:\d+$/);
    refused(await read(commissions, 2, b64(`${byId}:DC:N:1.5`)));
    refused(await read(commissions, 2, b64(`${byId}:DC:N:abc`)));
    refused(await read(commissions, 2, b64(`${byId}:DC:D:notadate`)));
    const [byValue, byValueKeyset] = await sealOf(LISTS[1]!);
    expect(byValueKeyset).toMatch(/^DC:T:\["N:\d+","N:\d+"\]$/);
    refused(await read(LISTS[1]!, 2, b64(`${byValue}:${byValueKeyset!.replace(/"N:\d+"\]$/, '"N:1.5"]')}`)));
    const [byEnd, byEndKeyset] = await sealOf(LISTS[3]!);
    expect(byEndKeyset).toMatch(/^DC:T:\["S:\d{4}-\d\d-\d\d","N:\d+"\]$/);
    refused(await read(LISTS[3]!, 2, b64(`${byEnd}:${byEndKeyset!.replace(/S:[\d-]+/, 'S:notadate')}`)));
    const before = await s.gql(
      `{ commissions(last: 2, before: ${JSON.stringify(b64('DC:N:1'))}) { edges { node { id } } } }`,
      undefined,
      await s.signIn('commissioner@demo.test'),
    );
    refused(before, 'before');
  });

  it('on a nested page, a cursor that does not fit fails that list only, and its own cursor pages on', async () => {
    const token = await s.signIn('provider@demo.test');
    const nested = (after?: string) =>
      `{ viewer { name organisation { name services(first: 2${after ? `, after: ${JSON.stringify(after)}` : ''}) { edges { node { id } } pageInfo { endCursor } } } } }`;
    const first: Data = await s.gql(nested(), undefined, token);
    expect(first.errors).toBeUndefined();
    const own = first.data.viewer.organisation.services.pageInfo.endCursor;
    const next: Data = await s.gql(nested(own), undefined, token);
    expect(next.errors).toBeUndefined();
    expect(next.data.viewer.organisation.services.edges.length).toBeGreaterThan(0);
    const foreign = (await read(LISTS[5]!, 2)).data.services.pageInfo.endCursor;
    const res: Data = await s.gql(nested(foreign), undefined, token);
    refused(res);
    expect(res.errors[0].path).toEqual(['viewer', 'organisation', 'services']);
    expect(res.data.viewer.name).toEqual(expect.any(String));
  });
});
