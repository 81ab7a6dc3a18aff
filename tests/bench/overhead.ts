import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import postgres from 'postgres';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { plannedEachTime } from '../../drizzle/prepared';
import { createApp } from '../../server/app';
import { createLogger } from '../../server/logger';
import { createMetrics } from '../../server/metrics';
import { seedDemo } from '../../server/seed/demo';
import { type CapturedStatement, statementCapture } from '../setup/capture';
import { closeConnections, percentileOf as pct, postJson } from './measure';

// `npm run bench:overhead`: what the portal's HTTP and GraphQL layer costs a request beyond its SQL.
// Interleaves, over one keep-alive connection: a bare node:http server answering fixed JSON (the
// floor: HTTP and this client), the portal answering { __typename } (no SQL), and a one-service search,
// beside its own SQL sent straight to the database. Prints p50/p95 per contender; asserts nothing.
// The portal runs as a deployment does: production, a JSON logger (to /dev/null here) and metrics.
// BENCH_RUNS requests per contender (2,000); DATABASE_URL for PostgreSQL, else PGlite in memory.

const RUNS = Number(process.env.BENCH_RUNS ?? 2000);
const WARMUP = 200;

const capture = statementCapture({ recording: false });
const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, logger: capture.logger });
await migrate(handle);
const { sql } = await import('drizzle-orm');
const { rowsOf } = await import('../../schema/domain/rows');
const [seeded] = rowsOf(await handle.db.execute(sql`select count(*)::int as n from "zones" where "slug" = 'demo'`));
if (Number(seeded?.n) === 0) await seedDemo(handle.db);

const { createWriteStream } = await import('node:fs');
const logger = createLogger({ level: 'info', destination: createWriteStream('/dev/null') });
const portal = await createApp({ db: handle.db, production: true, logger, metrics: createMetrics(handle, 1) });
const bare = createServer((_req, res) => {
  _req.resume();
  _req.on('end', () => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end('{"data":{"__typename":"Query"}}');
  });
});
const listen = async (s: typeof bare) => {
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  return (s.address() as AddressInfo).port;
};
const portalPort = await listen(portal);
const barePort = await listen(bare);
const post = async (port: number, body: string) => {
  const res = await postJson(`http://127.0.0.1:${port}/graphql`, body);
  return { status: res.status, text: res.text, statements: Number(res.headers['x-sql-statements'] ?? 0) };
};

const trivial = JSON.stringify({ query: '{ __typename }' });
const searchBody = (first: number, fields: string) =>
  JSON.stringify({
    query: `query Search($filter: ServiceFilter, $first: Int) { services(first: $first, filter: $filter) { totalCount edges { node { ${fields} } } } }`,
    variables: { filter: { text: 'support' }, first },
  });
const one = searchBody(1, 'id name');
// The page `npm run bench` asks for.
const page = searchBody(
  20,
  'id name unitPricePence distanceKm organisation { name } categories { name } locations { postcode }',
);

// Each search's own SQL, captured from Drizzle, replayed one statement after another through the same driver.
const captureSql = (body: string) =>
  capture.record(async () => {
    const probe = await post(portalPort, body);
    if (probe.status !== 200 || probe.text.includes('"errors"')) throw new Error(`search failed: ${probe.text}`);
  });
const raw = process.env.DATABASE_URL ? postgres(process.env.DATABASE_URL, { max: 1, onnotice: () => {} }) : null;
const replay = (statements: CapturedStatement[]) => async () => {
  for (const s of statements)
    await (raw
      ? raw.unsafe(s.query, s.params as never[], { prepare: !plannedEachTime(s.query) })
      : handle.pglite!.query(s.query, s.params));
};
const oneSql = await captureSql(one);
const pageSql = await captureSql(page);

const contenders: [string, () => Promise<unknown>][] = [
  ['bare node:http, fixed JSON', () => post(barePort, trivial)],
  ['portal { __typename }', () => post(portalPort, trivial)],
  ['portal one-service search', () => post(portalPort, one)],
  [`  its SQL straight (${oneSql.length} statements)`, replay(oneSql)],
  ['portal page of 20 (npm run bench)', () => post(portalPort, page)],
  [`  its SQL straight (${pageSql.length} statements)`, replay(pageSql)],
];
const only = process.env.BENCH_ONLY ? Number(process.env.BENCH_ONLY) : undefined;
const times = contenders.map(() => [] as number[]);
// CPU time of this process (portal, client and driver together) per request: steadier than wall
// time on a shared machine.
const cpu = contenders.map(() => 0);
for (let i = 0; i < WARMUP + RUNS; i++) {
  for (const [c, [, run]] of contenders.entries()) {
    if (only !== undefined && c !== only) continue;
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    await run();
    const used = process.cpuUsage(c0);
    if (i >= WARMUP) {
      times[c]!.push(performance.now() - t0);
      cpu[c]! += (used.user + used.system) / 1000;
    }
  }
}
if (only !== undefined) process.exit(0);
console.log(`\n${handle.kind}, ${RUNS} requests each, interleaved, one keep-alive connection`);
console.log(`${'contender'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'CPU ms'.padStart(8)}`);
for (const [c, [name]] of contenders.entries()) {
  console.log(
    `${name.padEnd(40)} ${pct(times[c]!, 0.5).toFixed(3).padStart(8)} ${pct(times[c]!, 0.95).toFixed(3).padStart(8)} ${(cpu[c]! / RUNS).toFixed(3).padStart(8)}`,
  );
}
const p50 = (c: number) => pct(times[c]!, 0.5);
console.log(`\nlayer cost, trivial query (portal - bare) p50: ${(p50(1) - p50(0)).toFixed(3)} ms`);
console.log(
  `layer cost, one-service search (portal - its SQL - bare) p50: ${(p50(2) - p50(3) - p50(0)).toFixed(3)} ms`,
);
console.log(`layer cost, page of 20 (portal - its SQL - bare) p50: ${(p50(4) - p50(5) - p50(0)).toFixed(3)} ms`);
const cpuOf = (c: number) => cpu[c]! / RUNS;
console.log(`CPU beyond bare, { __typename }: ${(cpuOf(1) - cpuOf(0)).toFixed(3)} ms a request`);
console.log(`CPU beyond bare and its SQL, one-service search: ${(cpuOf(2) - cpuOf(3) - cpuOf(0)).toFixed(3)} ms`);
console.log(`CPU beyond bare and its SQL, page of 20: ${(cpuOf(4) - cpuOf(5) - cpuOf(0)).toFixed(3)} ms`);
closeConnections();
portal.close();
bare.close();
await raw?.end();
await handle.close();
