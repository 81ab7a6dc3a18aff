import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { emailOutbox, jobRuns, users } from '../../drizzle/schema';
import { type EmailData, renderEmail } from './email';
import { rowsOf } from './rows';
import { inTransaction } from './transaction';

// The daily digest: emails a person chose to get as a summary wait in the outbox as DIGEST; once a
// day each person with any gets one DAILY_DIGEST email listing them (subjects hold references
// only), and they become DIGESTED, in the same transaction.

export type DigestResult = { ran: boolean; digests: number };

/** A summary lists this many subjects, then says how many more are on the notifications page. */
export const DIGEST_MAX_LINES = 50;

export async function runDigest(db: Db, options: { minIntervalMinutes: number; now?: Date }): Promise<DigestResult> {
  const now = options.now ?? new Date();
  const claimed = await inTransaction(db, async (tx) => {
    await tx
      .insert(jobRuns)
      .values({ name: 'digest', lastRunAt: new Date(0) })
      .onConflictDoNothing();
    const [last] = rowsOf(await tx.execute(sql`select "lastRunAt" from job_runs where name = 'digest' for update`));
    if (now.getTime() - new Date(String(last?.lastRunAt)).getTime() < options.minIntervalMinutes * 60_000) return false;
    await tx.update(jobRuns).set({ lastRunAt: now }).where(eq(jobRuns.name, 'digest'));
    return true;
  });
  if (!claimed) return { ran: false, digests: 0 };
  const people = await db
    .selectDistinct({ userId: emailOutbox.userId })
    .from(emailOutbox)
    .where(eq(emailOutbox.status, 'DIGEST'));
  let digests = 0;
  for (const { userId } of people) {
    if (userId == null) continue;
    const sent = await inTransaction(db, async (tx) => {
      const rows = await tx
        .select()
        .from(emailOutbox)
        .where(and(eq(emailOutbox.userId, userId), eq(emailOutbox.status, 'DIGEST')))
        .orderBy(emailOutbox.id)
        .for('update', { skipLocked: true });
      if (rows.length === 0) return false;
      const ids = rows.map((r) => r.id);
      // Sent to the address the person has now; someone deactivated since gets nothing.
      const [person] = await tx
        .select({ email: users.email, active: users.active })
        .from(users)
        .where(eq(users.id, userId));
      if (!person?.active) {
        await tx.update(emailOutbox).set({ status: 'SKIPPED' }).where(inArray(emailOutbox.id, ids));
        return false;
      }
      // The subject is worked out against a placeholder address: only the path goes in the line.
      const lines = rows.slice(0, DIGEST_MAX_LINES).map((r) => ({
        subject: renderEmail(r.kind, r.data as EmailData, 'http://portal.invalid').subject,
        path: String(r.data.path),
      }));
      if (rows.length > DIGEST_MAX_LINES)
        lines.push({ subject: `and ${rows.length - DIGEST_MAX_LINES} more`, path: '/notifications' });
      await tx.insert(emailOutbox).values({
        userId,
        toAddress: person.email,
        kind: 'DAILY_DIGEST',
        data: { path: '/notifications', lines: JSON.stringify(lines) },
        messageId: `<${randomUUID()}@partnership-portal>`,
      });
      await tx.update(emailOutbox).set({ status: 'DIGESTED', sentAt: sql`now()` }).where(inArray(emailOutbox.id, ids));
      return true;
    });
    if (sent) digests++;
  }
  return { ran: true, digests };
}
