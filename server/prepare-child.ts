import { createDb } from '../drizzle/client';
import { borrowedDataDirLock } from '../drizzle/data-dir-lock';
import { loadEnv } from './env';
import { loggerFor } from './logger';
import { prepareDatabase } from './prepare-database';

// Start-up's helper on PGlite (spawned by prepareInChild): migrates and seeds the data folder the
// server lent it, then exits, so the WebAssembly heap that work grew (PGlite's never shrinks) is
// given back before the server opens the folder. It opens the folder only with the lock its parent
// lent it (the nonce in PORTAL_LENT_LOCK, its own pid recorded as the lock's helper).
const env = loadEnv();
const lock = borrowedDataDirLock(env.DATA_DIR, process.env.PORTAL_LENT_LOCK ?? '');
if (!lock) {
  console.error(`server/prepare-child.ts: the data folder ${env.DATA_DIR} was not lent to this process`);
  process.exit(2);
}
const seed = process.argv.includes('--seed=demo') ? 'demo' : 'none';
const logger = loggerFor(env);
const handle = await createDb({ dataDir: env.DATA_DIR, lock, pgliteSharedBuffers: env.PGLITE_SHARED_BUFFERS });
try {
  await prepareDatabase(handle, { seed, logger });
} finally {
  await handle.close();
}
