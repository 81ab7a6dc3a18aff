import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { runScript, type ServerProcess, startServerProcess } from '../setup/processes';

// `npm run bench:money`, on PostgreSQL with the scale seed (npm run seed:scale): raises a second
// through two real server processes at once, racing for the same children's budgets, then
// `npm run reconcile` (zero overspend); and p50/p95 of the commissioner's dashboards (spend by
// each dimension, the approval queue, the commission list) at the seed's size. Prints; asserts nothing.
// BENCH_RAISES (default 2000), BENCH_CONCURRENCY (32), BENCH_ZONE (scale-001), BENCH_RUNS (50).

const databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) throw new Error('Set DATABASE_URL: this bench runs two processes on one PostgreSQL database');
const RAISES = Number(process.env.BENCH_RAISES ?? 2000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 32);
const RUNS = Number(process.env.BENCH_RUNS ?? 50);
const zone = process.env.BENCH_ZONE ?? 'scale-001';
const PASSWORD = 'scale-password-123';

// biome-ignore lint/suspicious/noExplicitAny: a benchmark reads a few known fields of each answer
type Gql = { data?: Record<string, any>; errors?: unknown };
const gql = async (server: ServerProcess, query: string, variables: object, token?: string): Promise<Gql> => {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return (await res.json()) as Gql;
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
const commissioner = await signIn(servers[0]!, `commissioner@${zone}.scale.test`);
const children = workers.flatMap((w) => w.children);
const TOP_UP = 1_500_00;
const pot = await gql(
  servers[0]!,
  `mutation($i: CreateFundingPotInput!) { createFundingPot(input: $i) { ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
  {
    i: { name: `Benchmark top-up ${new Date().toISOString()}`, source: 'OTHER', totalPence: TOP_UP * children.length },
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
for (const [kind, n] of outcomes) console.log(`  ${kind}: ${n}${examples.get(kind) ? ` (${examples.get(kind)})` : ''}`);
const reconcile = await runScript('server/cli/reconcile.ts', { DATABASE_URL: databaseUrl });
console.log(`npm run reconcile: exit ${reconcile.code}${reconcile.code ? `\n${reconcile.output}` : ' (no overspend)'}`);

const dashboards: [string, string][] = [
  ...['source', 'school', 'district', 'category', 'provider'].map((by): [string, string] => [
    `spend by ${by}`,
    `{ spendReport(by: ${by}) { label committedPence spentPence commissions } }`,
  ]),
  [
    'approval queue',
    '{ commissions(first: 100, filter: { status: [REQUESTED] }) { totalCount edges { node { id amountPence child { reference budget { availablePence } } } } } }',
  ],
  [
    'commission list',
    '{ commissions(first: 25) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status amountPence service { name } child { reference } } } } }',
  ],
];
const pct = (xs: number[], p: number) => xs[Math.min(xs.length - 1, Math.floor(p * xs.length))]!;
console.log(`\nThe commissioner's dashboards, ${RUNS} requests each; ms`);
console.log(`${'page'.padEnd(20)} ${'p50'.padStart(7)} ${'p95'.padStart(7)}`);
for (const [name, query] of dashboards) {
  const times: number[] = [];
  for (let i = 0; i < RUNS + 3; i++) {
    const t = performance.now();
    const res = await gql(servers[i % 2]!, query, {}, commissioner);
    if (res.errors) throw new Error(`${name}: ${JSON.stringify(res.errors)}`);
    if (i >= 3) times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(20)} ${pct(times, 0.5).toFixed(1).padStart(7)} ${pct(times, 0.95).toFixed(1).padStart(7)}`,
  );
}
await Promise.all(servers.map((s) => s.stop()));
