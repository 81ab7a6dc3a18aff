import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { signInThrottles } from '../../drizzle/schema';
import { TooManyAttemptsError } from './errors';
import { inTransaction } from './transaction';

// Public forms anyone can send (asking to join the directory): a fixed number of submissions per
// client address in a window, counted in the sign-in throttle table under the form's own key.
export const FORM_THROTTLE = { perWindow: 5, windowMs: 60 * 60 * 1000 };

export const formKey = (form: string, address: string) => `form:${form}:${address}`;

/**
 * Counts this submission for the address (the row is locked, so parallel submissions are counted
 * one after another) or throws TooManyAttemptsError, counting nothing, when its window is used up.
 */
export async function claimFormSubmission(db: Db, form: string, address: string, now: Date): Promise<void> {
  const key = formKey(form, address);
  await inTransaction(db, async (tx) => {
    await tx
      .insert(signInThrottles)
      .values({ key, failures: 0, windowStart: now, blockedUntil: new Date(0) })
      .onConflictDoNothing();
    const [row] = await tx.select().from(signInThrottles).where(eq(signInThrottles.key, key)).for('update');
    const inWindow = now.getTime() - row!.windowStart.getTime() < FORM_THROTTLE.windowMs;
    const used = inWindow ? row!.failures : 0;
    if (used >= FORM_THROTTLE.perWindow) {
      const wait = (row!.windowStart.getTime() + FORM_THROTTLE.windowMs - now.getTime()) / 1000;
      throw new TooManyAttemptsError(wait, 'requests from your connection');
    }
    await tx
      .update(signInThrottles)
      .set({ failures: used + 1, windowStart: inWindow ? row!.windowStart : now })
      .where(eq(signInThrottles.key, key));
  });
}
