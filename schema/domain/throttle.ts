import { inArray, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { signInThrottles } from '../../drizzle/schema';
import { addressBucket } from './address-bucket';
import { TooManyAttemptsError } from './errors';
import { inTransaction } from './transaction';

// OWASP Authentication cheat sheet: per-account exponential delay (never a hard lock anyone could
// trigger for a known account) plus a per-address limit.
export const THROTTLE = {
  /** Failures an account may have in a row before each further attempt must wait. */
  freeFailures: 4,
  /** The wait after the next failure, doubling with each one, up to maxDelayMs. */
  baseDelayMs: 5000,
  maxDelayMs: 5 * 60 * 1000,
  /** Failures from one client address in a window before it is refused for the rest of it. */
  addressFailures: 50,
  windowMs: 15 * 60 * 1000,
};

export const accountKey = (email: string) => `account:${email}`;
/** An IPv6 client's whole /64 shares one limit (address-bucket.ts). */
export const addressKey = (address: string) => `address:${addressBucket(address)}`;

/** The delay an account must wait after its n-th failure in a row. */
export const delayAfter = (failures: number) =>
  failures <= THROTTLE.freeFailures
    ? 0
    : Math.min(THROTTLE.baseDelayMs * 2 ** (failures - THROTTLE.freeFailures - 1), THROTTLE.maxDelayMs);

/**
 * Counts this attempt as a failure, atomically and before the password is checked: the rows are
 * locked, so parallel guesses are counted one after another and only those the limits allow get
 * through. Throws TooManyAttemptsError (counting nothing) when the account must wait or the
 * address has used up its window. settleAttempt() undoes the count when the password was right.
 */
export async function claimAttempt(db: Db, email: string, address: string, now = new Date()): Promise<void> {
  const account = accountKey(email);
  const client = addressKey(address);
  await inTransaction(db, async (tx) => {
    const fresh = { failures: 0, windowStart: now, blockedUntil: new Date(0) };
    await tx
      .insert(signInThrottles)
      .values([
        { key: account, ...fresh },
        { key: client, ...fresh },
      ])
      .onConflictDoNothing();
    const rows = await tx
      .select()
      .from(signInThrottles)
      .where(inArray(signInThrottles.key, [account, client]))
      .orderBy(signInThrottles.key)
      .for('update');
    const a = rows.find((r) => r.key === account)!;
    const c = rows.find((r) => r.key === client)!;
    const inWindow = (r: typeof a) => now.getTime() - r.windowStart.getTime() < THROTTLE.windowMs;
    if (a.blockedUntil > now) throw new TooManyAttemptsError((a.blockedUntil.getTime() - now.getTime()) / 1000);
    const addressFailures = inWindow(c) ? c.failures : 0;
    if (addressFailures >= THROTTLE.addressFailures) {
      throw new TooManyAttemptsError((c.windowStart.getTime() + THROTTLE.windowMs - now.getTime()) / 1000);
    }
    const failures = (inWindow(a) ? a.failures : 0) + 1;
    await tx
      .update(signInThrottles)
      .set({
        failures,
        windowStart: inWindow(a) ? a.windowStart : now,
        // No delay yet: leave it as it was (a parallel attempt's clock may run a little ahead).
        blockedUntil: delayAfter(failures) > 0 ? new Date(now.getTime() + delayAfter(failures)) : a.blockedUntil,
      })
      .where(inArray(signInThrottles.key, [account]));
    await tx
      .update(signInThrottles)
      .set({ failures: addressFailures + 1, windowStart: inWindow(c) ? c.windowStart : now })
      .where(inArray(signInThrottles.key, [client]));
  });
}

/** After a right password: the account starts afresh and the address gets its attempt back. */
export async function settleAttempt(db: Db, email: string, address: string, now = new Date()): Promise<void> {
  await db
    .update(signInThrottles)
    .set({ failures: 0, blockedUntil: now })
    .where(inArray(signInThrottles.key, [accountKey(email)]));
  await db
    .update(signInThrottles)
    .set({ failures: sql`greatest(${signInThrottles.failures} - 1, 0)` })
    .where(inArray(signInThrottles.key, [addressKey(address)]));
}
