import { eq } from 'drizzle-orm';
import { signInThrottles } from '../../drizzle/schema';
import { addressBucket } from './address-bucket';
import { TooManyAttemptsError } from './errors';
import type { Tx } from './transaction';

// Public forms anyone can send (asking to join the directory): a fixed number of submissions per
// client address in a window, counted in the sign-in throttle table under the form's own key.
export const FORM_THROTTLE = { perWindow: 5, windowMs: 60 * 60 * 1000 };

export const formKey = (form: string, subject: string) => `form:${form}:${subject}`;

/**
 * Counts this submission for the address (the row is locked, so parallel submissions are counted
 * one after another) or throws TooManyAttemptsError, counting nothing, when its window is used up.
 * Called in the submission's own transaction once it is valid: a refused form (a typo, a
 * duplicate) rolls its count back with it, so people correcting mistakes are not locked out.
 */
export async function claimFormSubmission(
  tx: Tx,
  form: string,
  address: string,
  now: Date,
  perWindow = FORM_THROTTLE.perWindow,
): Promise<void> {
  // An IPv6 client's whole /64 counts as one connection (address-bucket.ts).
  await claimOrRefuse(tx, formKey(form, addressBucket(address)), now, perWindow, 'requests from your connection');
}

/**
 * Counts one use of `key` or throws TooManyAttemptsError ("Too many <what>. Try again in ...")
 * when its window is used up; `what` names what was counted, for the person refused.
 */
export async function claimOrRefuse(tx: Tx, key: string, now: Date, perWindow: number, what: string): Promise<void> {
  const waitSeconds = await claimSlot(tx, key, now, perWindow);
  if (waitSeconds !== null) throw new TooManyAttemptsError(waitSeconds, what);
}

/** Counts one use of `key` in its window; null when counted, else the seconds until one is free. */
export async function claimSlot(tx: Tx, key: string, now: Date, perWindow: number): Promise<number | null> {
  await tx
    .insert(signInThrottles)
    .values({ key, failures: 0, windowStart: now, blockedUntil: new Date(0) })
    .onConflictDoNothing();
  const [row] = await tx.select().from(signInThrottles).where(eq(signInThrottles.key, key)).for('update');
  const inWindow = now.getTime() - row!.windowStart.getTime() < FORM_THROTTLE.windowMs;
  const used = inWindow ? row!.failures : 0;
  if (used >= perWindow) return (row!.windowStart.getTime() + FORM_THROTTLE.windowMs - now.getTime()) / 1000;
  await tx
    .update(signInThrottles)
    .set({ failures: used + 1, windowStart: inWindow ? row!.windowStart : now })
    .where(eq(signInThrottles.key, key));
  return null;
}
