import { mkdirSync } from 'node:fs';
import { acquireDataDirLock, type DataDirLock, DataDirLockedError } from '../drizzle/data-dir-lock';
import { loadEnv, serverEnvProblems } from './env';

// `npm start` / `npm run start:prod`. The data folder's lock is taken before the rest of the
// server is even loaded, so a second opener is told at once who holds it; `npm start` (--build)
// builds the web app only after that, so a second one never rebuilds under a running portal.
const started = Date.now();
const env = loadEnv();
const problems = serverEnvProblems(env);
if (problems.length) {
  console.error(`Invalid environment:\n${problems.join('\n')}`);
  process.exit(1);
}
let lock: DataDirLock | undefined;
if (!env.DATABASE_URL) {
  mkdirSync(env.DATA_DIR, { recursive: true });
  const script = process.env.npm_lifecycle_event;
  try {
    lock = acquireDataDirLock(
      env.DATA_DIR,
      `the portal server (${/^(start|dev)/.test(script ?? '') ? `npm run ${script}` : 'server/main.ts'})`,
    );
  } catch (error) {
    if (!(error instanceof DataDirLockedError)) throw error;
    console.error(JSON.stringify({ level: 60, time: Date.now(), pid: process.pid, msg: error.message }));
    process.exit(1);
  }
}
if (process.argv.includes('--build')) {
  // Vite is a development tool: loaded only here, never by start:prod.
  const { build } = await import('vite');
  await build({ logLevel: 'warn' });
}
const { serve } = await import('./serve');
await serve(env, started, lock);
