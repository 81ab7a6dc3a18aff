import { channel } from 'node:diagnostics_channel';
import type { Db } from '../../drizzle/client';

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

// PostgreSQL's "try again" codes: serialisation failure and deadlock. Retried here so
// users never see them.
const RETRYABLE = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 5;

/** Each retry is published here (metrics count them) with its SQLSTATE. */
export const TRANSACTION_RETRY_CHANNEL = 'partnership-portal:transaction-retry';
const retries = channel(TRANSACTION_RETRY_CHANNEL);

function sqlState(error: unknown): string | undefined {
  let e = error as { code?: unknown; cause?: unknown } | undefined;
  for (let depth = 0; e && depth < 5; depth++) {
    if (typeof e.code === 'string') return e.code;
    e = e.cause as typeof e;
  }
  return undefined;
}

/** Runs fn in one transaction, retrying transient conflicts with jittered back-off. */
export async function inTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.transaction(fn);
    } catch (error) {
      const code = sqlState(error);
      if (!code || !RETRYABLE.has(code) || attempt >= MAX_ATTEMPTS) throw error;
      if (retries.hasSubscribers) retries.publish({ code, attempt });
      await new Promise((r) => setTimeout(r, Math.random() * 20 * attempt));
    }
  }
}

export function isUniqueViolation(error: unknown): boolean {
  return sqlState(error) === '23505';
}
