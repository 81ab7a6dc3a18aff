import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import postgres from 'postgres';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { plannedEachTime } from '../../drizzle/prepared';
import { rowsOf } from '../../schema/domain/rows';
import { createApp } from '../../server/app';
import { planScale } from '../../server/seed/scale/plan';
import { seedScale } from '../../server/seed/scale/run';
import { statementCapture } from '../setup/capture';
import { closeConnections, percentile as pct, postJson } from './measure';
import { startPeer } from './peer';

// `npm run bench`: directory search on the scale seed, racing for each query shape the portal
// over HTTP against its own SQL sent straight to the database (the physical limit) and, on
// PostgreSQL when bench/postgraphile is installed, PostGraphile v5 serving the same search
// (tests/bench/peer.ts), interleaved request by request on the same database in the same run.
// Prints figures and whether the peer's first page matched the portal's; asserts nothing.
// DATABASE_URL picks PostgreSQL (else PGlite in DATA_DIR); the scale seed is made first if missing
// (BENCH_SERVICES, BENCH_CHILDREN, BENCH_COMMISSIONS). BENCH_RUNS requests per shape and contender,
// BENCH_SHAPES a comma-separated filter on shape names, BENCH_STATEMENTS=1 each raw statement's p50.

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const capture = statementCapture({ recording: false });
const databaseUrl = process.env.DATABASE_URL;
const handle = await createDb({
  databaseUrl,
  dataDir: databaseUrl ? undefined : (process.env.DATA_DIR ?? './data'),
  // As the server reads it: PGlite's page cache, 16MB unless raised for a big directory.
  pgliteSharedBuffers: process.env.PGLITE_SHARED_BUFFERS,
  logger: capture.logger,
  command: 'npm run bench',
});
await migrate(handle);
const [present] = rowsOf(
  await handle.db.execute(sql`select count(*)::int as n from "zones" where "slug" like 'scale-%'`),
);
if (Number(present?.n) === 0) {
  const figures = {
    services: Number(process.env.BENCH_SERVICES ?? 100_000),
    children: Number(process.env.BENCH_CHILDREN ?? 10_000),
    commissions: Number(process.env.BENCH_COMMISSIONS ?? 200_000),
  };
  console.log(`No scale seed here: seeding ${JSON.stringify(figures)} first (npm run seed:scale does the same)`);
  const plan = planScale(figures);
  await seedScale(handle.db, plan, (n) => {
    if (n % Math.max(1, Math.floor(plan.zones / 10)) === 0) console.log(`  ${n}/${plan.zones} zones`);
  });
}
const [{ services }] = rowsOf(await handle.db.execute(sql`select count(*)::int as services from "services"`)) as [
  { services: number },
];

const server = await createApp({ db: handle.db, production: true });
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
// totalCount is exact (the API contract); the directory page asks for totalCountCapped instead
// ("more than 1,000"), so the shapes marked `capped` measure what a person searching waits for.
const PAGE_FIELDS =
  'edges { node { id name unitPricePence distanceKm organisation { name } categories { name } locations { postcode } } }';
const queryFor = (capped: boolean) =>
  `query($filter: ServiceFilter, $first: Int) { services(first: $first, filter: $filter) {
  ${capped ? 'totalCountCapped { count capped }' : 'totalCount'} ${PAGE_FIELDS} } }`;
const LEEDS = { latitude: 53.8, longitude: -1.55 };
const shapes: [string, Record<string, unknown>, boolean?][] = [
  ['broad text', { text: 'club' }],
  ['narrow text + filters', { text: 'therapy', age: 9, commissionableOnly: true, maxUnitPricePence: 5000 }],
  ['filters only', { categorySlugs: ['family-support'], age: 12, deliveryModes: ['COMMUNITY_VENUE'] }],
  ['distance + text', { near: LEEDS, text: 'club' }],
  ['distance, nearest', { near: LEEDS }],
  ['distance, within 5 km', { near: LEEDS, withinKm: 5 }],
  // As the directory page asks (capped count): no PostGraphile contender (its count is exact).
  ['broad text, page count', { text: 'club' }, true],
  ['distance + text, page count', { near: LEEDS, text: 'club' }, true],
  ['distance, nearest, page count', { near: LEEDS }, true],
];

const portal = async (filter: Record<string, unknown>, capped = false) => {
  const res = await postJson(url, JSON.stringify({ query: queryFor(capped), variables: { filter, first: 20 } }));
  const body = JSON.parse(res.text) as {
    data?: {
      services: {
        totalCount?: number;
        totalCountCapped?: { count: number };
        edges: { node: { name: string } }[];
      };
    };
    errors?: unknown;
  };
  if (body.errors || !body.data) throw new Error(JSON.stringify(body.errors));
  const { services: found } = body.data;
  return { names: found.edges.map((e) => e.node.name), total: found.totalCount ?? found.totalCountCapped?.count };
};
const peer = await startPeer(databaseUrl);
if (typeof peer === 'string') console.log(`Without the PostGraphile contender: ${peer}`);
const peerSearch = typeof peer === 'string' ? null : peer.search;
// The raw contender replays, statement by statement, exactly what the portal sent for the shape.
const raw = databaseUrl ? postgres(databaseUrl, { max: 1, onnotice: () => {}, connection: { jit: 'off' } }) : null;
// Each statement's own times too (BENCH_STATEMENTS=1 prints their p50s: where a shape's time goes).
let statementTimes: number[][] = [];
const replay = async (statements: { query: string; params: unknown[] }[]) => {
  for (const [i, s] of statements.entries()) {
    const t = performance.now();
    // Sent as the portal sends it: prepared, but for full-text searches (drizzle/prepared.ts).
    if (raw)
      await raw.unsafe(s.query, s.params as never[], {
        prepare: process.env.BENCH_PREPARE !== 'off' && !plannedEachTime(s.query),
      });
    else await handle.pglite!.query(s.query, s.params);
    statementTimes[i]?.push(performance.now() - t);
  }
};

console.log(
  `\n${services} services on ${handle.kind}, ${RUNS} requests per shape and contender, interleaved; times in ms\n`,
);
console.log(
  `${'shape'.padEnd(24)} ${'contender'.padEnd(12)} ${'p50'.padStart(7)} ${'p95'.padStart(7)} ${'p99'.padStart(7)} ${'req/s'.padStart(7)} ${'SQL'.padStart(4)} ${'ratio p50'.padStart(9)}`,
);
// BENCH_SHAPES="distance" runs only the shapes whose name contains one of its comma-separated words.
const only = process.env.BENCH_SHAPES?.split(',').filter(Boolean);
for (const [name, filter, capped = false] of shapes) {
  if (only && !only.some((w) => name.includes(w))) continue;
  const statements = await capture.record(() => portal(filter, capped));
  if (process.env.BENCH_SQL) for (const st of statements) console.log(`${name}:`, st.query, JSON.stringify(st.params));
  const peerHere = capped ? null : peerSearch;
  const times: Record<string, number[]> = { raw: [], portal: [], ...(peerHere ? { postgraphile: [] } : {}) };
  for (let i = 0; i < 5; i++) {
    await replay(statements);
    await portal(filter, capped);
    await peerHere?.(filter);
  }
  if (peerHere) {
    const [ours, theirs] = [await portal(filter), await peerHere(filter)];
    const same = JSON.stringify(ours) === JSON.stringify(theirs);
    if (!same) console.log(`${name}: PostGraphile's answer differs: ${JSON.stringify({ ours, theirs })}`);
  }
  statementTimes = statements.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    let t = performance.now();
    await replay(statements);
    times.raw!.push(performance.now() - t);
    t = performance.now();
    await portal(filter, capped);
    times.portal!.push(performance.now() - t);
    if (peerHere) {
      t = performance.now();
      await peerHere(filter);
      times.postgraphile!.push(performance.now() - t);
    }
  }
  if (process.env.BENCH_STATEMENTS)
    for (const [i, xs] of statementTimes.entries())
      console.log(
        `  statement ${i + 1} p50 ${pct(
          xs.sort((a, b) => a - b),
          0.5,
        ).toFixed(2)} ms: ${statements[i]!.query.replace(/\s+/g, ' ').slice(0, 90)}`,
      );
  const rawP50 = pct(
    times.raw!.sort((a, b) => a - b),
    0.5,
  );
  for (const [who, xs] of Object.entries(times)) {
    xs.sort((a, b) => a - b);
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    console.log(
      `${name.padEnd(24)} ${who.padEnd(12)} ${pct(xs, 0.5).toFixed(1).padStart(7)} ${pct(xs, 0.95).toFixed(1).padStart(7)} ${pct(xs, 0.99).toFixed(1).padStart(7)} ${(1000 / mean).toFixed(0).padStart(7)} ${String(statements.length).padStart(4)} ${(pct(xs, 0.5) / rawP50).toFixed(2).padStart(9)}`,
    );
  }
}
const rss = Math.round(process.memoryUsage().rss / 1024 / 1024);
console.log(`\nResident memory of this process (portal and database client${raw ? '' : ' and PGlite'}): ${rss} MB`);
closeConnections();
server.close();
if (typeof peer !== 'string') peer.stop();
await raw?.end();
await handle.close();
