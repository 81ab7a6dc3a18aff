import { inArray } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { emailOutbox } from '../../drizzle/schema';
import { runDeadlines } from '../../schema/domain/deadlines';
import { runListingReviewReminders } from '../../schema/domain/listing-reviews';
import { runOutcomeReminders } from '../../schema/domain/outcome-reminders';

/**
 * The demo's made-up past leaves outcome scores overdue, listings long unreviewed and requests
 * past their answer-by day. Left to the jobs, the first run after start would mail all of it to
 * the demo's made-up people. So, right after seeding, the jobs run once here: the reminders and
 * lapses are given in the portal as usual, and the emails they queued are kept unsent, as the
 * seed's own are. What falls due after this is mailed as usual.
 */
export async function settleDemoPast(db: Db, now = new Date()): Promise<void> {
  await runDeadlines(db, { minIntervalMinutes: 0, now });
  await runOutcomeReminders(db, { minIntervalMinutes: 0, now });
  await runListingReviewReminders(db, { now });
  await db
    .update(emailOutbox)
    .set({ status: 'SKIPPED', lastError: 'Owed by the demo seed’s past: not sent' })
    .where(inArray(emailOutbox.status, ['PENDING', 'DIGEST']));
}
