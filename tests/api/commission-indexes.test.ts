import type { AddressInfo } from 'node:net';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../schema/domain/reconcile';
import { createApp } from '../../server/app';
import { planScale, zoneSlug } from '../../server/seed/scale/plan';
import { SCALE_PASSWORD, seedScale } from '../../server/seed/scale/run';
import { statementCapture } from '../setup/capture';
import { freshDatabase } from '../setup/database';
import { TEST_NOW } from '../setup/server';

// The commissioner's pages read one zone's commissions off an index, never by scanning the table,
// on a scale seed of several zones (issue 11): the first zone's list newest first (the primary key
// walked backwards passes every later zone's commissions first), the approval queue, the spend
// report's budgets, and reconcile's places taken per listing (once a scan of commissions a listing).
// Also: the name probe that keeps children’s names out of logged search words.

const { logger: capture, captured } = statementCapture();
let handle: Awaited<ReturnType<typeof freshDatabase>>;
let url: string;
let token: string;
let close: () => Promise<void>;

beforeAll(async () => {
  handle = await freshDatabase(capture);
  await seedScale(handle.db, planScale({ services: 600, children: 600, commissions: 12_000, zones: 6 }), () => {});
  await handle.db.execute(sql`analyze`);
  const server = await createApp({ db: handle.db, production: false, now: () => TEST_NOW });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  close = async () => {
    await new Promise((resolve) => server.close(resolve));
    await handle.close();
  };
  const signIn = await gql(`mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } } }`, {
    i: { email: `commissioner@${zoneSlug(1)}.scale.test`, password: SCALE_PASSWORD },
  });
  token = signIn.signIn.token;
}, 300_000);
afterAll(() => close());

// biome-ignore lint/suspicious/noExplicitAny: a test reads a few known fields of each answer
async function gql(query: string, variables: object = {}): Promise<any> {
  captured.length = 0;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data: unknown; errors?: unknown };
  expect(body.errors).toBeUndefined();
  return body.data;
}

async function plan(query: string, params: unknown[]): Promise<string> {
  const explain = `explain (format json) ${query}`;
  const rows = handle.pglite
    ? (await handle.pglite.query(explain, params)).rows
    : await handle.postgres!.unsafe(explain, params as never[]);
  return JSON.stringify(rows);
}
const seqScanOf = (p: string, table: string) =>
  new RegExp(`"Node Type":"Seq Scan"[^{}]*"Relation Name":"${table}"`).test(p);
const statement = (pattern: RegExp) => {
  const found = captured.find((c) => pattern.test(c.query));
  expect(found, String(pattern)).toBeDefined();
  return plan(found!.query, found!.params);
};

describe('the commissioner’s pages on the indexes', () => {
  it('reads the first zone’s commissions newest first off commissions_zone_id', async () => {
    const data = await gql('{ commissions(first: 25) { totalCount edges { node { id reference } } } }');
    expect(data.commissions.edges).toHaveLength(25);
    const p = await statement(/from "commissions" as "d0" where "d0"\."zoneId" = \$1 order by "d0"\."id" desc/);
    expect(p).toContain('commissions_zone_id');
    expect(seqScanOf(p, 'commissions')).toBe(false);
  });

  it('reads the approval queue off an index, not a scan of commissions', async () => {
    const data = await gql(
      '{ commissions(first: 25, filter: { status: [REQUESTED] }) { totalCount edges { node { id child { reference budget { availablePence } } } } } }',
    );
    expect(data.commissions.totalCount).toBeGreaterThan(25);
    const p = await statement(/from "commissions" as "d0" where \(\("d0"\."zoneId" = \$1\) and \("d0"\."status" in/);
    expect(p).toContain('commissions_zone_status');
    expect(seqScanOf(p, 'commissions')).toBe(false);
  });

  it('reads the zone’s budgets for a spend report, not every zone’s', async () => {
    await gql('{ spendReport(by: provider) { label commissions } }');
    const p = await statement(/from "commissions" c join "child_budgets" b/);
    expect(p).toContain('child_budgets_zone_period');
    expect(seqScanOf(p, 'child_budgets')).toBe(false);
  });

  it('counts each listing’s accepted commissions in one pass for reconcile, not a scan per listing', async () => {
    captured.length = 0;
    const result = await reconcile(handle.db);
    expect(result.differences).toEqual([]);
    const p = await statement(/"placesTaken" as "stored"/);
    expect(p.match(/"Relation Name":"commissions"/g)).toHaveLength(1);
    expect(p).not.toContain('SubPlan');
  });

  it('finds a child’s name in logged search words by index, not a scan of the zone’s children', async () => {
    // without_personal_data (drizzle/migrations/*out_of_evidence*) asks this of every word of every
    // logged search. A SQL function's statements get one plan for any arguments; "first name or
    // last name" in one statement was planned as a scan (10,000 children: 2.3 ms for two words).
    // The scans and index reads of this transaction alone, from the database's own counters.
    // Also the words written another way (names_variants_out_of_evidence): "silvas", "begum2", a
    // reference without its hyphen or with a space, each a probe too.
    const words = `select "without_personal_data"(1, 'speech therapy silva/begum 2018-09-09 silvas begum2 rvb7vnu5 rvb 7vnu5') as "kept"`;
    const counts = `select "seq_scan"::int as "scans", "idx_scan"::int as "probes" from "pg_stat_xact_user_tables" where "relname" = 'children'`;
    const [before, after] = handle.pglite
      ? await handle.pglite.transaction(async (tx) => {
          const first = (await tx.query(counts)).rows[0];
          await tx.query(words);
          return [first, (await tx.query(counts)).rows[0]];
        })
      : await handle.postgres!.begin(async (tx) => {
          const [first] = await tx.unsafe(counts);
          await tx.unsafe(words);
          return [first, (await tx.unsafe(counts))[0]];
        });
    // biome-ignore lint/suspicious/noExplicitAny: two counters read back
    const [b, a] = [before as any, after as any];
    expect(a.scans - b.scans).toBe(0);
    expect(a.probes - b.probes).toBeGreaterThan(0);
    const parts = await plan(
      `select 1 from "children" c where "personal_data_name_keys"(c."zoneId", c."firstName", c."lastName") @> array[$1::text]`,
      ['1:silva'],
    );
    expect(parts).toContain('children_zone_name_parts');
    expect(seqScanOf(parts, 'children')).toBe(false);
  });
});
