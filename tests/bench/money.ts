import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { cpuSeconds, postgresCpuSeconds, runScript, type ServerProcess, startServerProcess } from '../setup/processes';
import { closeConnections, postJson } from './measure';
import { commissionerPages, measurePages } from './money-pages';

// `npm run bench:money`, on PostgreSQL with the scale seed (npm run seed:scale): raises a second
// through two real server processes at once, racing for the same children's budgets; checks no
// budget or pot is overspent (in SQL; the full `npm run reconcile` with BENCH_RECONCILE=1); and
// p50/p95 of the commissioner's pages as the web app asks for them (money-pages.ts), with the
// sequential scans of the money tables they caused. Prints; asserts nothing.
// BENCH_RAISES (default 2000; 0 skips the race and its top-up: nothing is written), BENCH_CONCURRENCY (32),
// BENCH_ZONE (scale-001), BENCH_RUNS (50; 0 skips the pages), BENCH_RECONCILE (0).

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('Set DATABASE_URL: this bench runs two processes on one PostgreSQL database');
const RAISES = Number(process.env.BENCH_RAISES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const RECONCILE = process.env.BENCH_RECONCILE === '1';
const zone = process.env.BENCH_ZONE ?? 'scale-001';
const PASSWORD = 'scale-password-123';
// PostgreSQL's CPU can be read from /proc only when it runs on this machine.
const local = ['127.0.0.1', 'localhost', '::1', '[::1]'].includes(new URL(databaseUrl).hostname);

// biome-ignore lint/suspicious/noExplicitAny: a benchmark reads a few known fields of each answer
type Gql = { data?: Record<string, any>; errors?: unknown };
const gql = async (server: ServerProcess, query: string, variables: object, token?: string): Promise<Gql> => {
  const res = await postJson(
    `${server.url}/graphql`,
    JSON.stringify({ query, variables }),
    token ? { authorization: `Bearer ${token}` } : {},
    CONCURRENCY,
  );
  return JSON.parse(res.text) as Gql;
};
const signIn = async (server: ServerProcess, email: string) => {
  const res = await gql(server, 'mutation($i: SignInInput!) { signIn(input: $i) { ... on SignInSuccess { token } } }', {
    i: { email, password: PASSWORD },
  });
  const token = res.data?.signIn?.token as string | undefined;
  if (!token) throw new Error(`Cannot sign in as ${email}: is the scale seed here? ${JSON.stringify(res)}`);
  return token;
};

const env = { DATABASE_URL: databaseUrl, SEED: 'none', NODE_ENV: 'production', EMAIL: 'off' };
const servers = [await startServerProcess(env), await startServerProcess(env)];
console.log(`Two server processes on ${zone}: ${servers.map((s) => s.url).join(', ')}`);
const commissioner = await signIn(servers[0]!, `commissioner@${zone}.scale.test`);
if (RAISES > 0) await race();

// Zero overspend, straight from the tables: the budgets' and pots' own figures (each a cache of the
// ledger, kept in the same transaction; npm run reconcile proves them against it).
const sqlClient = postgres(databaseUrl, { max: 1, onnotice: () => {} });
const [money] = await sqlClient`
  select (select count(*) from child_budgets)::int as budgets,
    (select count(*) from child_budgets where "reservedPence" + "spentPence" > "allocatedPence")::int as "overspentBudgets",
    (select count(*) from funding_pots)::int as pots,
    (select count(*) from funding_pots where "allocatedPence" + "contractCommittedPence" > "totalPence")::int as "overspentPots"`;
console.log(
  `\nOverspend: ${money!.overspentBudgets} of ${money!.budgets} budgets with reserved + spent over allocated; ${money!.overspentPots} of ${money!.pots} pots over their total`,
);
if (RECONCILE) {
  const reconcile = await runScript('server/cli/reconcile.ts', { DATABASE_URL: databaseUrl });
  console.log(
    `npm run reconcile: exit ${reconcile.code} in ${(reconcile.ms / 1000).toFixed(0)} s\n${reconcile.output}`,
  );
}

// Sequential scans of the money tables while the pages run. A server process reports its counts
// when idle for 10 s, hence the waits.
const TABLES = ['commissions', 'ledger_entries', 'child_budgets', 'allocations', 'children'];
const seqScans = async () => {
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await sqlClient`select pg_stat_clear_snapshot()`;
  const rows = await sqlClient<{ relname: string; seq_scan: string }[]>`
    select relname, seq_scan from pg_stat_user_tables where relname in ${sqlClient(TABLES)}`;
  return new Map(rows.map((r) => [r.relname, Number(r.seq_scan)]));
};
if (RUNS === 0) await finish();
const ask = (i: number) => (query: string, variables: object) => gql(servers[i % 2]!, query, variables, commissioner);
const pages = await commissionerPages(ask(0));
// What the pages read: the zone's own commissions (the scale seed spreads its commissions over its zones).
const [size] = await sqlClient`
  select (select count(*) from commissions c join zones z on z."id" = c."zoneId" where z."slug" = ${zone})::int as commissions,
    (select count(*) from children ch join zones z on z."id" = ch."zoneId" where z."slug" = ${zone})::int as children`;
console.log(`\nZone ${zone} holds ${size!.commissions} commissions for ${size!.children} children`);
const before = await seqScans();
await measurePages(pages, RUNS, ask);
const after = await seqScans();
const requests = pages.length * (RUNS + 3);
console.log(`\nSequential scans during those ${requests} requests:`);
for (const table of TABLES) console.log(`  ${table}: ${(after.get(table) ?? 0) - (before.get(table) ?? 0)}`);
await finish();

async function finish() {
  await sqlClient.end();
  closeConnections();
  await Promise.all(servers.map((s) => s.stop()));
  process.exit(0);
}

/** Tops up ten link workers' children, then raises BENCH_RAISES commissions through both processes at once. */
async function race() {
  // Ten link workers, their caseloads, and the zone's priced commissionable listings.
  const workers = await Promise.all(
    Array.from({ length: 10 }, async (_, i) => {
      const token = await signIn(servers[i % 2]!, `lw${i}@${zone}.scale.test`);
      const res = await gql(
        servers[0]!,
        '{ viewer { caseload(first: 25) { edges { node { id status } } } } }',
        {},
        token,
      );
      const edges = res.data!.viewer.caseload.edges as { node: { id: string; status: string } }[];
      return { token, children: edges.filter((e) => e.node.status === 'ACTIVE').map((e) => e.node.id) };
    }),
  );
  // The seed's children have spent most of their year: a commissioner tops them up first, so the
  // race is between raises that can succeed, until budgets run dry again.
  const children = workers.flatMap((w) => w.children);
  const TOP_UP = 1_500_00;
  const pot = await gql(
    servers[0]!,
    `mutation($i: CreateFundingPotInput!) { createFundingPot(input: $i) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
    {
      i: {
        name: `Benchmark top-up ${new Date().toISOString()}`,
        source: 'OTHER',
        totalPence: TOP_UP * children.length,
      },
    },
    commissioner,
  );
  const allocated = await gql(
    servers[0]!,
    `mutation($i: AllocateFundsInput!) { allocateFunds(input: $i) { __typename ... on Error { message } } }`,
    {
      i: {
        fundingPotId: pot.data!.createFundingPot.fundingPot.id,
        childIds: children,
        amountPence: TOP_UP,
        idempotencyKey: randomUUID(),
      },
    },
    commissioner,
  );
  console.log(`Topped up ${children.length} children by £${TOP_UP / 100}: ${allocated.data!.allocateFunds.__typename}`);
  const listing = await gql(
    servers[0]!,
    '{ services(first: 50, filter: { commissionableOnly: true, hasCapacity: true }) { edges { node { id unitPricePence } } } }',
    {},
    workers[0]!.token,
  );
  const services = listing
    .data!.services.edges.map((e: { node: { id: string; unitPricePence: number | null } }) => e.node)
    .filter((s: { unitPricePence: number | null }) => s.unitPricePence);

  const RAISE = `mutation($input: RaiseCommissionInput!) { raiseCommission(input: $input) { __typename ... on Error { message } } }`;
  const outcomes = new Map<string, number>();
  const examples = new Map<string, string>();
  let next = 0;
  // CPU used during the race: both servers, this machine's PostgreSQL, and this process (the clients).
  const cpuNow = () => ({
    servers: servers.reduce((sum, s) => sum + cpuSeconds(s.child.pid!), 0),
    postgres: local ? postgresCpuSeconds() : 0,
    bench: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
  });
  const cpuBefore = cpuNow();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < RAISES; i = next++) {
        const worker = workers[i % workers.length]!;
        const res = await gql(
          servers[i % 2]!,
          RAISE,
          {
            input: {
              childId: worker.children[i % worker.children.length],
              serviceId: services[i % services.length].id,
              units: 1 + (i % 4),
              rationale: 'Benchmark raise',
              idempotencyKey: randomUUID(),
            },
          },
          worker.token,
        );
        const kind = (res.data?.raiseCommission?.__typename as string) ?? 'GraphQL error';
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
        if (!examples.has(kind))
          examples.set(kind, res.data?.raiseCommission?.message ?? JSON.stringify(res.errors ?? ''));
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  console.log(
    `\n${RAISES} raises over two processes, ${CONCURRENCY} in flight: ${(RAISES / seconds).toFixed(0)} a second (${seconds.toFixed(1)} s)`,
  );
  for (const [kind, n] of outcomes)
    console.log(`  ${kind}: ${n}${examples.get(kind) ? ` (${examples.get(kind)})` : ''}`);
  // A refusal (the budget ran dry) is cheaper than a raise: the raises that went through, on their own.
  const succeeded = outcomes.get('RaiseCommissionSuccess') ?? 0;
  console.log(`  of which went through: ${succeeded}, ${(succeeded / seconds).toFixed(0)} a second`);
  const cpuAfter = cpuNow();
  const perRaise = (k: keyof typeof cpuAfter) => ((cpuAfter[k] - cpuBefore[k]) * 1000) / RAISES;
  const total = perRaise('servers') + perRaise('postgres') + perRaise('bench');
  console.log(
    `CPU a raise: servers ${perRaise('servers').toFixed(2)} ms, ${local ? `PostgreSQL ${perRaise('postgres').toFixed(2)} ms` : 'PostgreSQL not on this machine'}, this bench ${perRaise('bench').toFixed(2)} ms;` +
      (local
        ? ` ${total.toFixed(2)} ms in all, so ${availableParallelism()} cores allow at most ${((availableParallelism() * 1000) / total).toFixed(0)} raises a second`
        : ''),
  );
}
