import { access } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { DbHandle } from '../drizzle/client';
import { pendingMigrations } from '../drizzle/migrate';
import type { Logger } from './logger';

export type Readiness = { ready: true; warning?: string } | { ready: false; reason: string };

export const DATABASE_TIMEOUT_MS = 1_000;

export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export class DataFolderGone extends Error {}

/**
 * PGlite answers from memory after its data folder is deleted: throws DataFolderGone then, so
 * nothing reads figures the database can no longer keep.
 */
export async function checkDataFolder(handle: Pick<DbHandle, 'dataDir'>): Promise<void> {
  if (!handle.dataDir) return;
  await access(path.join(handle.dataDir, 'PG_VERSION')).catch(() => {
    throw new DataFolderGone(`the data folder ${handle.dataDir} is missing or unreadable`);
  });
}

/**
 * Whether the database answers within a second. PGlite answers `select 1` from memory even when its
 * data folder was deleted or unmounted (every write then fails), so its folder's PG_VERSION must be
 * there too: one stat, no query.
 */
export async function probeDatabase(handle: Pick<DbHandle, 'db' | 'dataDir'>): Promise<void> {
  await checkDataFolder(handle);
  await within(DATABASE_TIMEOUT_MS, handle.db.execute(sql`select 1`), 'the database');
}

/**
 * Ready means: not shutting down, the database answers within a second, and every committed
 * migration is applied (a process of a newer release waits for its migrations). A read replica
 * that does not answer leaves the process ready (reads go to the primary meanwhile: taking every
 * process out of the balancer for it would be an outage) but is named in a warning.
 */
export function readinessCheck(
  handle: DbHandle,
  isStopping: () => boolean,
  replica?: { check: () => Promise<boolean> },
): () => Promise<Readiness> {
  let migrationsCurrent = false;
  return async () => {
    if (isStopping()) return { ready: false, reason: 'shutting down' };
    try {
      await probeDatabase(handle);
      if (!migrationsCurrent) {
        const pending = await within(DATABASE_TIMEOUT_MS, pendingMigrations(handle), 'the database');
        if (pending.length > 0) return { ready: false, reason: `migrations not applied: ${pending.join(', ')}` };
        migrationsCurrent = true;
      }
    } catch (error) {
      const message = (error as Error).message;
      return {
        ready: false,
        reason:
          error instanceof DataFolderGone || message.includes('did not answer')
            ? message
            : 'the database is unreachable',
      };
    }
    if (replica && !(await replica.check()))
      return { ready: true, warning: 'the read replica (DATABASE_READ_URL) is unreachable: reads go to the primary' };
    return { ready: true };
  };
}

/**
 * Logs readiness when it changes, not at every probe (a balancer asks every few seconds): one warning
 * with the reason when it stops being ready (info while shutting down: that is expected), one line
 * when the reason changes, and one when it is ready again.
 */
export function readinessChanges(logger: Logger): (state: Readiness, stopping: boolean) => void {
  let last: string | null = null; // null: ready
  return (state, stopping) => {
    const reason = state.ready ? null : state.reason;
    if (reason === last) return;
    if (reason === null) logger.info('ready again');
    else if (stopping) logger.info({ reason }, `not ready: ${reason}`);
    else logger.warn({ reason }, `not ready: ${reason}`);
    last = reason;
  };
}
