import { setFlagsFromString } from 'node:v8';
import { prepareDataDir } from '../drizzle/data-dir';
import { acquireDataDirLock, type DataDirLock } from '../drizzle/data-dir-lock';
import { loadEnv, serverEnvProblems } from './env';
import { probeListen } from './listen-check';
import { buildWebApp } from './web-build';

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
// Said now, not after the database is opened and migrated.
const listenTrouble = await probeListen(env.PORT, env.HOST);
if (listenTrouble) {
  console.error(JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, msg: listenTrouble }));
  process.exit(1);
}
// Vite is a development tool, never loaded by start:prod.
if (process.argv.includes('--build') && !buildWebApp()) process.exit(1);
const { serve } = await import('./serve');
await serve(env, started, lock);
