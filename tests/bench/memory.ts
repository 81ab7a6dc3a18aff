import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { freePort, residentMemory } from '../setup/processes';
import { type Answer, closeConnections, percentile, postJson } from './measure';

// `npm run bench:memory`: the resident memory of a real portal server process, started the way
// `npm start` starts it (demo seed, a throw-away data folder; `-- --build` also builds the web app
// first, as `npm start` does), at rest, after 2,000 searches and after 10,000 (BENCH_SEARCHES:
// comma-separated checkpoints), with the search p50 of each stretch. DATABASE_URL runs it on
// PostgreSQL (the figure is then the portal process alone, not the database server's). Prints
// figures; asserts nothing. RSS is read from /proc/<pid>/status (VmRSS; VmHWM is the peak).

const CHECKPOINTS = (process.env.BENCH_SEARCHES ?? '2000,10000').split(',').map(Number);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 4);
const build = process.argv.includes('--build');

/** Resident memory in whole MB, as the table prints it. */
const memory = (pid: number) => {
  const { rss, peak } = residentMemory(pid);
  return { rss: Math.round(rss), peak: Math.round(peak) };
};

const port = await freePort();
const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-memory-'));
const base = `http://127.0.0.1:${port}`;
const started = performance.now();
const child: ChildProcess = spawn(
  process.execPath,
  [
    ...(process.env.BENCH_NODE_FLAGS ?? '').split(' ').filter(Boolean),
    '--import',
    'tsx',
    'server/main.ts',
    ...(build ? ['--build'] : []),
  ],
  {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: path.join(dataDir, 'data'),
      SEED: 'demo',
      LOG_LEVEL: 'warn',
      EMAIL: 'off',
      HOUSEKEEPING: 'off',
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
const stop = () => {
  if (child.exitCode === null) child.kill('SIGTERM');
};
process.on('exit', () => {
  stop();
  rmSync(dataDir, { recursive: true, force: true });
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));

for (;;) {
  if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) before it was ready`);
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 250));
}
const pid = child.pid!;
const db = process.env.DATABASE_URL ? 'PostgreSQL (portal process only)' : 'PGlite (in the process)';
console.log(
  `Portal server ${build ? '(npm start: with the web build) ' : ''}on ${db}, demo seed, ready in ${((performance.now() - started) / 1000).toFixed(1)} s`,
);

const QUERY = `query($filter: ServiceFilter, $first: Int) { services(first: $first, filter: $filter) { totalCount
  edges { node { id name unitPricePence distanceKm organisation { name } categories { name } locations { postcode } } } } }`;
const WORDS = ['family', 'therapy', 'club', 'music', 'support', 'youth', 'reading', 'sport'];
const shapes = (i: number): Record<string, unknown> => {
  const word = WORDS[i % WORDS.length];
  switch (i % 4) {
    case 0:
      return { text: word };
    case 1:
      return { text: word, age: 9, commissionableOnly: true };
    case 2:
      return { near: { latitude: 51.45, longitude: -0.03 }, withinKm: 3 };
    default:
      return { nearPostcode: 'SE6', text: word };
  }
};
const search = async (i: number, retried = false): Promise<void> => {
  let res: Answer;
  try {
    res = await postJson(
      `${base}/graphql`,
      JSON.stringify({ query: QUERY, variables: { filter: shapes(i), first: 20 } }),
      {},
      CONCURRENCY,
    );
  } catch (error) {
    // A kept-alive connection closed by the server as it was reused: once more on a new one.
    if (retried || child.exitCode !== null) throw new Error(`search ${i}: ${error} (server exit ${child.exitCode})`);
    return search(i, true);
  }
  const body = JSON.parse(res.text) as { errors?: unknown };
  if (res.status !== 200 || body.errors)
    throw new Error(`search ${i} failed: ${res.status} ${JSON.stringify(body.errors)}`);
};

// Let start-up garbage settle before the figure at rest.
await new Promise((r) => setTimeout(r, 3000));
// The JavaScript heap and memory outside it (ArrayBuffers: PGlite's WebAssembly heap is one), from
// the server's own /metrics (loopback may read it), so a growth can be told apart.
const heapFigures = async () => {
  const text = await (await fetch(`${base}/metrics`)).text();
  const mb = (name: string) => {
    const m = new RegExp(`^${name}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text);
    return m ? String(Math.round(Number(m[1]) / 1048576)) : '?';
  };
  return [mb('nodejs_heap_size_used_bytes'), mb('nodejs_heap_size_total_bytes'), mb('nodejs_external_memory_bytes')];
};
const rows: string[][] = [
  ['point', 'searches', 'RSS MB', 'peak MB', 'JS heap used', 'JS heap', 'external', 'p50 ms', 'p95 ms'],
];
const rest = memory(pid);
rows.push(['at rest', '0', String(rest.rss), String(rest.peak), ...(await heapFigures()), '', '']);
let done = 0;
for (const target of CHECKPOINTS) {
  const times: number[] = [];
  let next = done;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < target) {
        const i = next++;
        const t = performance.now();
        await search(i);
        times.push(performance.now() - t);
      }
    }),
  );
  done = target;
  times.sort((a, b) => a - b);
  const pct = (p: number) => percentile(times, p).toFixed(1);
  const m = memory(pid);
  rows.push([
    `after ${target}`,
    String(target),
    String(m.rss),
    String(m.peak),
    ...(await heapFigures()),
    pct(0.5),
    pct(0.95),
  ]);
}
const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
for (const r of rows)
  console.log(r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  '));
console.log(
  `(${CONCURRENCY} searches at a time; four shapes in turn: text, text + filters, within 3 km, near a postcode + text)`,
);
closeConnections();
stop();
await new Promise((r) => child.once('exit', r));
