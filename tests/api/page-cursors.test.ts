import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serverKeys } from '../../drizzle/schema';
import { createApp } from '../../server/app';
import { TEST_WEB_DIR } from '../e2e/build-web';
import { startServer, TEST_NOW, type TestServer } from '../setup/server';

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

  // Audit 45 F1: the seal was a plain hash anyone could recompute, so a value of another type (a
  // day where the list sorts by id, a list, -0, a number past 2^53) reached the database with a
  // valid seal: an internal error on PostgreSQL, the first page on PGlite. Now signed with the
  // database's key: an edited value no longer verifies, on both databases alike.
  it('a signed cursor whose values were swapped for another type is refused, typed, on every list', async () => {
    const signed = async (l: List) => unb64((await read(l, 2)).data[l.field].pageInfo.endCursor).split(/:(.*)/s)[0];
    for (const l of [
      LISTS[0]!,
      LISTS[2]!,
      LISTS[4]!,
      LISTS[5]!,
      LISTS[6]!,
      { field: 'paymentRuns', as: 'commissioner@demo.test' },
    ]) {
      const mac = await signed(l);
      refused(await read(l, 2, b64(`${mac}:DC:D:2026-01-01`)));
    }
    const contracts = await signed(LISTS[3]!);
    for (const value of ['J:[1]', 'N:-0', 'N:9007199254740993', 'D:2026-01-01'])
      refused(await read(LISTS[3]!, 2, b64(`${contracts}:DC:${value}`)));
  });

  it('a nested list given an edited cursor fails alone: the viewer still answers', async () => {
    for (const [field, as] of [
      ['notifications', 'linkworker@demo.test'],
      ['caseload', 'linkworker@demo.test'],
    ] as const) {
      const token = await s.signIn(as);
      const nested = (after: string) =>
        `{ viewer { name ${field}(first: 1, after: ${JSON.stringify(after)}) { edges { cursor } pageInfo { endCursor } } } }`;
      const own: Data = await s.gql(`{ viewer { ${field}(first: 1) { pageInfo { endCursor } } } }`, undefined, token);
      const mac = unb64(own.data.viewer[field].pageInfo.endCursor).split(/:(.*)/s)[0];
      for (const value of ['D:2026-01-01', 'N:9007199254740993']) {
        const res: Data = await s.gql(nested(b64(`${mac}:DC:${value}`)), undefined, token);
        refused(res);
        expect(res.errors[0].path).toEqual(['viewer', field]);
        expect(res.data.viewer.name).toEqual(expect.any(String));
      }
    }
  });

  // The key is the database's (server_keys), not the process's: another API process over the same
  // database pages on from this one's cursor, and one reading another key refuses it.
  it('a cursor from one API process pages on in another over the same database, signed with its key', async () => {
    const l = LISTS[0]!;
    const token = await s.signIn(l.as);
    const nextPage = async (after: string) => {
      const other = await createApp({ db: s.db, production: false, webDir: TEST_WEB_DIR, now: () => TEST_NOW });
      await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
      try {
        const res = await fetch(`http://127.0.0.1:${(other.address() as AddressInfo).port}/graphql`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ query: page(l, 2, after) }),
        });
        return (await res.json()) as Data;
      } finally {
        await new Promise((resolve) => other.close(resolve));
      }
    };
    const whole = (await read(l, 4)).data[l.field].edges.map((e: Data) => e.node.id);
    const first = await read(l, 2);
    const after = first.data[l.field].pageInfo.endCursor;
    const second = await nextPage(after);
    expect(second.errors).toBeUndefined();
    expect([...first.data[l.field].edges, ...second.data[l.field].edges].map((e: Data) => e.node.id)).toEqual(whole);
    const [key] = await s.db.select().from(serverKeys).where(eq(serverKeys.purpose, 'page-cursors'));
    const secret = key!.secret;
    await s.db.update(serverKeys).set({ secret: 'another key' }).where(eq(serverKeys.purpose, 'page-cursors'));
    try {
      refused(await nextPage(after));
    } finally {
      await s.db.update(serverKeys).set({ secret }).where(eq(serverKeys.purpose, 'page-cursors'));
    }
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

  // The database's backstop: a cursor this server really signed whose values no longer fit the list
  // (one written before an upgrade changed the list's order) passes the signature, and PostgreSQL
  // refuses the comparison. That is the cursor's fault: refused, typed, not an internal error.
  it('a cursor signed with the database’s key whose value the database refuses is refused, typed', async () => {
    const l = LISTS[0]!;
    const [mac, inner] = unb64((await read(l, 2)).data[l.field].pageInfo.endCursor).split(/:(.*)/s);
    const [key] = await s.db.select().from(serverKeys).where(eq(serverKeys.purpose, 'page-cursors'));
    // Signed as the server signs: the list, its arguments but the page's own, the keyset values.
    const sign = (keyset: string) =>
      createHmac('sha256', key!.secret).update(`Query.commissions\n{}\n${keyset}`).digest('base64url').slice(0, 22);
    expect(sign(inner!), 'the test signs as the server does').toBe(mac);
    const res = await read(l, 2, b64(`${sign('DC:N:1.5')}:DC:N:1.5`));
    refused(res);
    expect(res.errors[0].message).toMatch(/start again from the first page/);
  });
});
