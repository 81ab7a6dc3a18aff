import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { SCALE_PASSWORD } from '../../server/seed/scale/run';
import { freePort, residentMemory as memory } from '../setup/processes';

// `npm run bench:export -- [--commissions 200000] [--db postgres|pglite]`: the commissioners'
// commissions CSV of one zone of N commissions, downloaded over HTTP from a real server process
// (server/main.ts) by its commissioner. The zone is made first with `npm run seed:scale` (1 zone,
// 3,000 listings, a child per 20 commissions) in a database kept for that N, so a rerun skips it:
// PGlite in <tmp>/portal-bench-export-N, or on PostgreSQL (DATABASE_URL, else the local server) a
// database portal_bench_export_N beside it. Prints time to first byte, total time, bytes, rows, rows/s
// and the server's resident memory (/proc/<pid>/status) at rest and at its highest during the
// download (sampled every 20 ms). Asserts nothing.

const { values } = parseArgs({ options: { commissions: { type: 'string' }, db: { type: 'string' } } });
const N = Number(values.commissions ?? 200_000);
if (!Number.isInteger(N) || N < 1 || N > 5_000_000) throw new Error('--commissions takes a whole number 1..5000000');
const kind = values.db ?? (process.env.DATABASE_URL ? 'postgres' : 'pglite');
if (kind !== 'postgres' && kind !== 'pglite') throw new Error('--db takes postgres or pglite');
const PERIOD = '2026-27';
const ZONE = 'scale-001';

/** The database for this N: its own PGlite folder, or its own PostgreSQL database (made if missing). */
async function database(): Promise<Record<string, string>> {
  if (kind === 'pglite') return { DATA_DIR: path.join(tmpdir(), `portal-bench-export-${N}`) };
  const admin = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const name = `portal_bench_export_${N}`;
  const client = postgres(admin.toString(), { max: 1, onnotice: () => {} });
  const [present] = await client`select 1 from pg_database where datname = ${name}`;
  if (!present) await client.unsafe(`create database "${name}"`);
  await client.end();
  admin.pathname = `/${name}`;
  return { DATABASE_URL: admin.toString() };
}

const run = (args: string[], env: NodeJS.ProcessEnv) =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${args[0]} exited ${code}`))));
  });

const target = await database();
const env = { ...process.env, ...target, LOG_LEVEL: 'warn', EMAIL: 'off', HOUSEKEEPING: 'off' };
const where = target.DATA_DIR ? `PGlite in ${target.DATA_DIR}` : `PostgreSQL ${new URL(target.DATABASE_URL!).pathname}`;
if (kind === 'pglite' && !existsSync(target.DATA_DIR!)) console.log(`A new PGlite folder for ${N} commissions`);
console.log(`Seeding zone ${ZONE} with ${N} commissions (${where}; skipped if there already)`);
const seeded = performance.now();
await run(
  [
    'server/cli/seed-scale.ts',
    '--zones',
    '1',
    '--services',
    '3000',
    '--children',
    String(Math.max(1, Math.ceil(N / 20))),
    '--commissions',
    String(N),
  ],
  env,
);
console.log(`Seed ready in ${((performance.now() - seeded) / 1000).toFixed(1)} s; starting the server`);

const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
  env: { ...env, PORT: String(port), HOST: '127.0.0.1', SEED: 'none' },
  stdio: ['ignore', 'inherit', 'inherit'],
});
const stop = () => {
  if (server.exitCode === null) server.kill('SIGTERM');
};
process.on('exit', stop);
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => process.exit(1));
for (;;) {
  if (server.exitCode !== null) throw new Error(`the server exited (${server.exitCode}) before it was ready`);
  try {
    if ((await fetch(`${base}/readyz`)).ok) break;
  } catch {}
  await new Promise((r) => setTimeout(r, 250));
}
const pid = server.pid!;

const signIn = await fetch(`${base}/graphql`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({
    query: `mutation($input: SignInInput!) { signIn(input: $input) { ... on SignInSuccess { token } ... on Error { message } } }`,
    variables: { input: { email: `commissioner@${ZONE}.scale.test`, password: SCALE_PASSWORD } },
  }),
});
const token = ((await signIn.json()) as { data?: { signIn?: { token?: string } } }).data?.signIn?.token;
if (!token) throw new Error('the scale commissioner could not sign in');

// Let start-up garbage settle before the figure at rest.
await new Promise((r) => setTimeout(r, 3000));
const rest = memory(pid);
let highest = rest.rss;
const sampler = setInterval(() => {
  highest = Math.max(highest, memory(pid).rss);
}, 20);

const started = performance.now();
const got = await new Promise<{ status: number; firstByte: number; bytes: number; lines: number; statements: string }>(
  (resolve, reject) => {
    get(
      `${base}/exports/commissions.csv?period=${PERIOD}`,
      { headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let firstByte = 0;
        let bytes = 0;
        let lines = 0;
        res.on('data', (chunk: Buffer) => {
          if (!firstByte) firstByte = performance.now() - started;
          bytes += chunk.length;
          for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lines++;
        });
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            firstByte,
            bytes,
            lines,
            statements: res.trailers['x-sql-statements'] ?? '?',
          }),
        );
        res.on('error', reject);
      },
    ).on('error', reject);
  },
);
const total = performance.now() - started;
clearInterval(sampler);
highest = Math.max(highest, memory(pid).rss);
if (got.status !== 200) throw new Error(`the export answered ${got.status}`);
await new Promise((r) => setTimeout(r, 3000));
const after = memory(pid);

// A line a row after the header (the scale seed's cells hold no line breaks).
const rows = got.lines - 1;
const table: [string, string][] = [
  ['database', kind === 'pglite' ? 'PGlite (in the server process)' : 'PostgreSQL (server process only)'],
  ['commissions in the zone', String(N)],
  ['rows', String(rows)],
  ['bytes', `${got.bytes} (${(got.bytes / 1024 / 1024).toFixed(1)} MB)`],
  ['SQL statements (pages)', got.statements],
  ['time to first byte', `${got.firstByte.toFixed(0)} ms`],
  ['total time', `${(total / 1000).toFixed(2)} s`],
  ['rows/s', String(Math.round(rows / (total / 1000)))],
  ['server RSS at rest', `${rest.rss.toFixed(0)} MB (peak since start ${rest.peak.toFixed(0)} MB)`],
  ['server RSS, highest in download', `${highest.toFixed(0)} MB (+${(highest - rest.rss).toFixed(0)} MB)`],
  ['server RSS 3 s after', `${after.rss.toFixed(0)} MB (peak since start ${after.peak.toFixed(0)} MB)`],
];
const width = Math.max(...table.map(([k]) => k.length));
console.log('');
for (const [k, v] of table) console.log(`${k.padEnd(width)}  ${v}`);
stop();
await new Promise((r) => server.once('exit', r));
