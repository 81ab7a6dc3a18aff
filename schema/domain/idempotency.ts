import { createHash } from 'node:crypto';
import { and, eq, type SQLWrapper, sql } from 'drizzle-orm';
import { idempotencyKeys } from '../../drizzle/schema';
import { ValidationError } from './errors';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

export const requestHash = (operation: string, input: unknown) =>
  createHash('sha256').update(operation).update(JSON.stringify(input)).digest('hex');

/**
 * Claims (userId, key) for this request inside the transaction. Returns the stored result if
 * the same request already ran. A racing first attempt holds the key's row lock until it
 * commits, so the second waits and then sees its result: one effect, across processes.
 */
export async function claimKey<R extends Record<string, unknown>>(
  tx: Tx,
  userId: number,
  key: string,
  operation: string,
  input: unknown,
): Promise<R | null> {
  const hash = requestHash(operation, input);
  const inserted = await claimInsert(tx, userId, key, operation, hash);
  if (inserted.length > 0) return null;
  return earlierResult<R>(tx, userId, key, operation, hash);
}

/**
 * claimKey, taking a row lock the action needs anyway in the same round trip: `lock` is a
 * `select ... for share` (or update), run beside the claim's insert. The busiest action (a
 * raise) saves a statement; the lock is held to commit either way, as it would be on its own.
 */
export async function claimKeyLocking<R extends Record<string, unknown>>(
  tx: Tx,
  userId: number,
  key: string,
  operation: string,
  input: unknown,
  lock: SQLWrapper,
): Promise<R | null> {
  const hash = requestHash(operation, input);
  const claim = claimInsert(tx, userId, key, operation, hash);
  const claimed = sql.identifier('claimed');
  const [row] = rowsOf(
    await tx.execute(
      sql`with ${claimed} as (${claim.getSQL()})
        select (select count(*)::int from ${claimed}) as "fresh", array(${lock.getSQL()}) as "locked"`,
    ),
  );
  if (Number(row?.fresh) > 0) return null;
  return earlierResult<R>(tx, userId, key, operation, hash);
}

/** The key's row, inserted unless it is there already: returns a row only when this request claimed it. */
const claimInsert = (tx: Tx, userId: number, key: string, operation: string, hash: string) =>
  tx
    .insert(idempotencyKeys)
    .values({ userId, key, operation, requestHash: hash, result: {} })
    .onConflictDoNothing()
    .returning({ key: idempotencyKeys.key });

/** The key was claimed before: the same request's stored result, or a typed error for another request. */
async function earlierResult<R>(tx: Tx, userId: number, key: string, operation: string, hash: string): Promise<R> {
  const [existing] = await tx
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)))
    .for('update');
  if (!existing || existing.operation !== operation || existing.requestHash !== hash) {
    throw ValidationError.field(
      ['input', 'idempotencyKey'],
      'This idempotency key was already used for a different request',
    );
  }
  return existing.result as R;
}

export async function storeResult(tx: Tx, userId: number, key: string, result: Record<string, unknown>): Promise<void> {
  await resultWrite(tx, userId, key, result);
}

/** storeResult's update, unexecuted: the caller may send it with its other writes (one-statement.ts). */
export function resultWrite(tx: Tx, userId: number, key: string, result: Record<string, unknown>) {
  return tx
    .update(idempotencyKeys)
    .set({ result })
    .where(and(eq(idempotencyKeys.userId, userId), eq(idempotencyKeys.key, key)));
}
