import type { AddressInfo } from 'node:net';
import type { Logger } from 'drizzle-orm';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../drizzle/client';
import { createApp } from '../../server/app';
import { freshDatabase, TEST_DB, TEST_PGBOUNCER, withDatabase } from '../setup/database';
import { DEMO_PASSWORD, TEST_NOW } from '../setup/server';

// DATABASE_READ_URL: read-only traffic (directory search, the ORUK feed, reports) goes to a
// streaming replica and nothing else does. .ci/run starts the replica (pg_basebackup -R) on
// 127.0.0.1:5433. Each pool records the statements it runs; the replica's pool is checked to be a
// standby (pg_is_in_recovery), which also refuses any write sent to it.
// Outside CI the file skips when no replica answers; under CI=true a missing replica fails it.

const READ_URL = process.env.TEST_DATABASE_READ_URL ?? 'postgres://postgres@127.0.0.1:5433/postgres';
const CI = process.env.CI === 'true';

async function replicaAnswers(): Promise<boolean> {
  const probe = postgres(READ_URL, { max: 1, connect_timeout: 3, onnotice: () => {}, prepare: false });
  try {
    const [row] = await probe`select pg_is_in_recovery() as standby`;
    return row?.standby === true;
  } catch {
    return false;
  } finally {
    await probe.end({ timeout: 1 });
  }
}
const available = TEST_DB === 'postgres' ? await replicaAnswers() : false;

describe.runIf(TEST_DB === 'postgres' && CI && !available)('read replica in CI', () => {
  it('is running (.ci/run starts it; TEST_DATABASE_READ_URL)', () => {
    expect.fail(`no streaming replica answers at ${READ_URL}`);
  });
});

const recorder = (log: string[]): Logger => ({ logQuery: (query) => log.push(query) });

describe.runIf(TEST_DB === 'postgres' && available)('reads on the replica, writes on the primary', () => {
  const onPrimary: string[] = [];
  const onReplica: string[] = [];
  const everOnReplica: string[] = [];
  let primary: Awaited<ReturnType<typeof freshDatabase>>;
  let replica: DbHandle;
  let url: string;
  let close: () => Promise<void>;

  // The search log's row, written after a search's response.
  const logged = (q: string) => /^insert into "search_logs"/i.test(q);
  const clear = () => {
    onPrimary.length = 0;
    onReplica.length = 0;
  };
  async function gql(query: string, variables?: Record<string, unknown>, token?: string) {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    const body = (await res.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
    expect(body.errors).toBeUndefined();
    return body.data!;
  }
  const signIn = async (email: string) =>
    (
      (await gql(
        'mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } ... on Error { message } } }',
        { i: { email, password: DEMO_PASSWORD } },
      )) as { signIn: { token: string } }
    ).signIn.token;

  beforeAll(async () => {
    primary = await freshDatabase(recorder(onPrimary));
    const name = new URL(primary.url!).pathname.slice(1);
    // The new database reaches the replica through the WAL stream: wait for it to appear there.
    const replicaUrl = withDatabase(READ_URL, name);
    for (let i = 0; ; i++) {
      const probe = postgres(replicaUrl, { max: 1, connect_timeout: 3, onnotice: () => {}, prepare: false });
      const ok = await probe`select 1`.then(
        () => true,
        () => false,
      );
      await probe.end({ timeout: 1 });
      if (ok) break;
      if (i > 100) throw new Error(`${name} never reached the replica`);
      await new Promise((r) => setTimeout(r, 100));
    }
    replica = await createDb({
      databaseUrl: replicaUrl,
      logger: { logQuery: (query) => onReplica.push(query) && everOnReplica.push(query) },
      applicationName: 'partnership-portal-read',
      pgbouncer: TEST_PGBOUNCER,
    });
    const server = await createApp({ db: primary.db, readDb: replica.db, production: false, now: () => TEST_NOW });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    close = async () => {
      await new Promise((resolve) => server.close(resolve));
      server.closeAllConnections();
      await replica.close();
      await primary.close();
    };
  }, 120_000);
  afterAll(() => close?.());

  it('the read pool is a standby and the primary is not', async () => {
    const standby = async (h: DbHandle) =>
      ((await h.db.execute(sql`select pg_is_in_recovery() as r`)) as unknown as { r: boolean }[])[0]!.r;
    expect(await standby(replica)).toBe(true);
    expect(await standby(primary)).toBe(false);
  });

  it('directory search runs wholly on the replica', async () => {
    clear();
    const data = (await gql(
      '{ services(first: 5, filter: { text: "support" }) { totalCount edges { node { id name categories { name } } } } }',
    )) as { services: { totalCount: number; edges: unknown[] } };
    expect(data.services.totalCount).toBeGreaterThan(0);
    expect(data.services.edges.length).toBeGreaterThan(0);
    expect(onReplica.length).toBeGreaterThanOrEqual(2); // the page and its count
    // After the response, the search's log row (no reads) is written: on the primary.
    await expect.poll(() => onPrimary.some(logged), { timeout: 10_000 }).toBe(true);
    expect(onPrimary).toEqual([expect.stringMatching(/^insert into "search_logs"/i)]);
  });

  it('a signed-in search: the session on the primary, the search on the replica', async () => {
    const token = await signIn('linkworker@demo.test');
    clear();
    await gql('{ services(first: 3) { edges { node { id } } } categories { name } }', undefined, token);
    expect(onReplica.length).toBeGreaterThan(0);
    await expect.poll(() => onPrimary.some(logged), { timeout: 10_000 }).toBe(true);
    expect(onPrimary.length).toBe(2);
    expect(onPrimary[0]).toMatch(/from "sessions"/);
    expect(onPrimary[1]).toMatch(/^insert into "search_logs"/i);
  });

  it('reports run on the replica', async () => {
    const token = await signIn('commissioner@demo.test');
    clear();
    const data = (await gql('{ spendReport(by: source) { label spentPence } }', undefined, token)) as {
      spendReport: unknown[];
    };
    expect(data.spendReport.length).toBeGreaterThan(0);
    expect(onReplica.length).toBeGreaterThan(0);
    expect(onPrimary.every((q) => /from "sessions"/.test(q))).toBe(true);
  });

  it('the Open Referral feed reads from the replica', async () => {
    clear();
    const res = await fetch(`${url}/openreferral/demo/services?per_page=5`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { contents: unknown[] }).contents.length).toBeGreaterThan(0);
    expect(onReplica.length).toBeGreaterThan(0);
    expect(onPrimary).toEqual([]);
  });

  it('writes, and the reads inside them, never reach the replica', async () => {
    clear();
    const token = await signIn('provider@demo.test'); // reads the account, writes a session
    expect(onPrimary.some((q) => /^insert into "sessions"/i.test(q))).toBe(true);
    await gql('mutation { signOut { __typename } }', undefined, token);
    expect(onPrimary.some((q) => /^update "sessions"/i.test(q))).toBe(true);
    expect(onReplica).toEqual([]);
  });

  it('a query mixing a search with anything else stays on the primary', async () => {
    const token = await signIn('linkworker@demo.test');
    clear();
    await gql('{ services(first: 2) { edges { node { id } } } viewer { email } }', undefined, token);
    expect(onReplica).toEqual([]);
    expect(onPrimary.length).toBeGreaterThan(1);
    await expect.poll(() => onPrimary.some(logged), { timeout: 10_000 }).toBe(true);
  });

  it('the replica only ever saw reads', () => {
    // Everything the read pool ran in this file: selects only (a standby would refuse the rest).
    expect(everOnReplica.length).toBeGreaterThan(0);
    expect(everOnReplica.filter((q) => !/^\s*(select|with)\b/i.test(q))).toEqual([]);
  });
});
