import { sql } from 'drizzle-orm';
import type { DbHandle } from '../drizzle/client';
import { pendingMigrations } from '../drizzle/migrate';

export type Readiness = { ready: true } | { ready: false; reason: string };

export const DATABASE_TIMEOUT_MS = 1_000;

export function within<T>(ms: number, promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Ready means: not shutting down, the database answers within a second, and every committed
 * migration is applied (a process of a newer release waits for its migrations).
 */
export function readinessCheck(handle: DbHandle, isStopping: () => boolean): () => Promise<Readiness> {
  let migrationsCurrent = false;
  return async () => {
    if (isStopping()) return { ready: false, reason: 'shutting down' };
    try {
      await within(DATABASE_TIMEOUT_MS, handle.db.execute(sql`select 1`), 'the database');
      if (!migrationsCurrent) {
        const pending = await within(DATABASE_TIMEOUT_MS, pendingMigrations(handle), 'the database');
        if (pending.length > 0) return { ready: false, reason: `migrations not applied: ${pending.join(', ')}` };
        migrationsCurrent = true;
      }
      return { ready: true };
    } catch (error) {
      const message = (error as Error).message;
      return {
        ready: false,
        reason: message.includes('did not answer') ? message : 'the database is unreachable',
      };
    }
  };
}
