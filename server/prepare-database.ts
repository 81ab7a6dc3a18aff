import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DbHandle } from '../drizzle/client';
import { type DataDirLock, helperOf } from '../drizzle/data-dir-lock';
import { migrate } from '../drizzle/migrate';
import { vacuumEmbedded } from '../drizzle/vacuum';
import { inTransaction } from '../schema/domain/transaction';
import type { Logger } from './logger';
import { ensureTaxonomy, isEmpty, seedDemo } from './seed/demo';
import { refreshDemoDirectory } from './seed/demo-directory';
import { settleDemoPast } from './seed/demo-reminders';
import { ensureOutwardCentroids } from './seed/outward-centroids';

// Any fixed number: every process of this application agrees on it.
const STARTUP_LOCK = 7_405_113;

/**
 * Migrates, then seeds the demo data into an empty database when asked. On PostgreSQL several
 * processes may start at once: an advisory lock makes them take turns, and whoever comes second
 * finds the work done. (PGlite has one process per folder, held by the data folder's lock.)
 * The lock is a transaction's (held by an open transaction on one reserved connection) rather than a
 * session's: behind PgBouncer in transaction mode a session lock would stay on whichever server
 * connection took it, while an open transaction keeps its server connection until it ends.
 */
export async function prepareDatabase(
  handle: DbHandle,
  options: { seed: 'demo' | 'none'; logger: Logger },
): Promise<void> {
  const reserved = handle.postgres ? await handle.postgres.reserve() : null;
  try {
    if (reserved) {
      await reserved`begin`;
      await reserved`select pg_advisory_xact_lock(${STARTUP_LOCK})`;
    }
    await migrate(handle);
    if (options.seed === 'demo' && (await isEmpty(handle.db))) {
      await seedDemo(handle.db);
      await settleDemoPast(handle.db);
      options.logger.info('Seeded the demo data (accounts in README.md)');
    } else {
      await inTransaction(handle.db, ensureTaxonomy);
      // The demo directory goes through the Open Referral importer on every start.
      if (options.seed === 'demo') await refreshDemoDirectory(handle.db, options.logger);
    }
    // After the seed, which writes its own centroids: national ones fill in the rest.
    const added = await ensureOutwardCentroids(handle.db);
    if (added) options.logger.info({ added }, 'Added national outward-code centroids');
    // PGlite has no autovacuum: the server starts on a vacuumed, analysed database.
    await vacuumEmbedded(handle);
  } finally {
    if (reserved) {
      await reserved`commit`.catch(() => {});
      reserved.release();
    }
  }
}

/**
 * PGlite: prepareDatabase in a short-lived child process that the data folder is lent to (the lock
 * records it as helper, so the folder stays held if either dies), and back once it has exited.
 * PGlite's WebAssembly heap never shrinks, so migrations and the demo seed run in-process kept
 * their peak (866-943 MB) resident; the server then opens a folder that is ready.
 */
export async function prepareInChild(lock: DataDirLock, seed: 'demo' | 'none'): Promise<void> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, path.join(import.meta.dirname, 'prepare-child.ts'), `--seed=${seed}`],
    { env: { ...process.env, PORTAL_LENT_LOCK: lock.holder.nonce }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  const exited = new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => resolve(signal ? null : code));
  });
  if (child.pid) lock.update({ helper: helperOf(child.pid) });
  const code = await exited;
  lock.update({ helper: undefined });
  if (code !== 0) throw new Error(`preparing the database failed (server/prepare-child.ts exited ${code})`);
}
