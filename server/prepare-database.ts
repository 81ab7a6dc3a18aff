import type { DbHandle } from '../drizzle/client';
import { migrate } from '../drizzle/migrate';
import { inTransaction } from '../schema/domain/transaction';
import type { Logger } from './logger';
import { ensureTaxonomy, isEmpty, seedDemo } from './seed/demo';
import { refreshDemoDirectory } from './seed/demo-directory';
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
      options.logger.info('Seeded the demo data (accounts in README.md)');
    } else {
      await inTransaction(handle.db, ensureTaxonomy);
      // The demo directory goes through the Open Referral importer on every start.
      if (options.seed === 'demo') await refreshDemoDirectory(handle.db, options.logger);
    }
    // After the seed, which writes its own centroids: national ones fill in the rest.
    const added = await ensureOutwardCentroids(handle.db);
    if (added) options.logger.info({ added }, 'Added national outward-code centroids');
  } finally {
    if (reserved) {
      await reserved`commit`.catch(() => {});
      reserved.release();
    }
  }
}
