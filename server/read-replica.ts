import { sql } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import { DATABASE_TIMEOUT_MS, within } from './health';
import type { Logger } from './logger';

/** How often the replica is asked whether it answers (and, while it is down, whether it is back). */
export const REPLICA_PROBE_MS = 5_000;

export type Replica = {
  db: Db;
  /** Whether reads may go to the replica now; false sends them to the primary. */
  up: () => boolean;
  /** Asks the replica now (within a second) and records the answer. */
  check: () => Promise<boolean>;
  /** A read on the replica failed: ask it at once, so the next reads go to the primary if it is gone. */
  failed: () => void;
  stop: () => void;
};

/**
 * Watches the streaming replica (DATABASE_READ_URL). While it does not answer, read traffic goes to
 * the primary rather than failing, readiness says so and portal_db_read_up is 0; when it answers
 * again, reads return to it. Each state change is logged once.
 */
export function watchReplica(db: Db, logger: Logger, everyMs = REPLICA_PROBE_MS): Replica {
  let up = true;
  let probing: Promise<boolean> | null = null;
  const check = () => {
    probing ??= within(DATABASE_TIMEOUT_MS, db.execute(sql`select 1`), 'the read replica')
      .then(
        () => true,
        (error: Error) => {
          if (up) logger.warn({ reason: error.message }, 'read replica unreachable: reads go to the primary');
          return false;
        },
      )
      .then((answered) => {
        if (answered && !up) logger.info('read replica answers again: reads go to it');
        up = answered;
        probing = null;
        return answered;
      });
    return probing;
  };
  const timer = setInterval(() => void check(), everyMs);
  timer.unref();
  return { db, up: () => up, check, failed: () => void check(), stop: () => clearInterval(timer) };
}
