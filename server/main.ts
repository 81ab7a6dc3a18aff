import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { prepareDataDir } from '../drizzle/data-dir';
import { acquireDataDirLock, type DataDirLock } from '../drizzle/data-dir-lock';
import { loadEnv, serverEnvProblems } from './env';

// `npm start` / `npm run start:prod`. The data folder's lock is taken before the rest of the
// server is even loaded, so a second opener is told at once who holds it; `npm start` (--build)
// builds the web app only after that, so a second one never rebuilds under a running portal.
const started = Date.now();
// V8 lets the old generation grow to about four times what survived the last full collection
// before collecting again. Under steady searches the server's garbage grew the heap from 70 to
// 170-240 MB (RSS up to 519 MB on PGlite) before each collection; growing by half keeps it near
// 130 (RSS about 360 MB) at the same speed (`npm run bench:memory`). A command-line flag wins.
if (!process.execArgv.some((flag) => flag.startsWith('--heap-growing-percent')))
  setFlagsFromString('--heap-growing-percent=50');
const env = loadEnv();
const problems = serverEnvProblems(env);
if (problems.length) {
  console.error(`Invalid environment:\n${problems.join('\n')}`);
  process.exit(1);
}
let lock: DataDirLock | undefined;
if (!env.DATABASE_URL) {
  const script = process.env.npm_lifecycle_event;
  try {
    prepareDataDir(env.DATA_DIR);
    lock = acquireDataDirLock(
      env.DATA_DIR,
      `the portal server (${/^(start|dev)/.test(script ?? '') ? `npm run ${script}` : 'server/main.ts'})`,
    );
  } catch (error) {
    // One line (as the logger writes), not a stack: the folder is in use, or cannot hold a database.
    console.error(JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, msg: (error as Error).message }));
    process.exit(1);
  }
}
if (process.argv.includes('--build')) {
  // Vite is a development tool, never loaded by start:prod; it builds in a child process so the
  // memory the build takes (about 190 MB) is given back before the server starts. NODE_ENV is fixed
  // so that a shell's NODE_ENV (say test) cannot leave libraries' development code in the build.
  const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const built = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
  if (built.status !== 0) {
    console.error(`The web app's build failed (vite exited ${built.status ?? built.signal})`);
    process.exit(1);
  }
}
const { serve } = await import('./serve');
await serve(env, started, lock);
