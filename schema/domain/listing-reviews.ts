import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, asc, eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { notifications, services, users } from '../../drizzle/schema';
import { enqueueEmails } from './email';
import { REVIEW_DUE_MONTHS } from './staleness';
import { inTransaction } from './transaction';

// Listing reviews (issue 14, point 7): a provider is reminded by email when a published listing
// has gone five months without a review, once per review cycle (the lastReviewedAt it was
// reminded for is kept on the listing); at six months the listing shows as stale
// (schema/domain/staleness.ts). Reviewing or editing the listing starts a new cycle.

export function reminderCutoff(now: Date): Date {
  const cutoff = new Date(now);
  cutoff.setMonth(cutoff.getMonth() - REVIEW_DUE_MONTHS);
  return cutoff;
}

/** One reminder to each listing due one, each in its own transaction; returns how many were sent. */
export async function runListingReviewReminders(db: Db, options: { now?: Date } = {}): Promise<number> {
  const cutoff = reminderCutoff(options.now ?? new Date()).toISOString();
  const due = and(
    eq(services.status, 'PUBLISHED'),
    lt(services.lastReviewedAt, cutoff),
    sql`${services.reviewRemindedFor} is distinct from ${services.lastReviewedAt}`,
  );
  const candidates = await db.select({ id: services.id }).from(services).where(due).orderBy(asc(services.id));
  let sent = 0;
  for (const { id } of candidates) {
    const reminded = await inTransaction(db, async (tx) => {
      // The conditional update is the once-only guard: a second process, or a second run, finds
      // the cycle already reminded and sends nothing.
      const [row] = await tx
        .update(services)
        .set({ reviewRemindedFor: sql`${services.lastReviewedAt}` })
        .where(and(eq(services.id, id), due))
        .returning({ id: services.id, name: services.name, organisationId: services.organisationId });
      if (!row) return false;
      const staff = (
        await tx
          .select({ id: users.id })
          .from(users)
          .where(and(eq(users.organisationId, row.organisationId), eq(users.role, 'PROVIDER'), eq(users.active, true)))
      ).map((u) => u.id);
      if (staff.length) {
        await tx.insert(notifications).values(
          staff.map((userId) => ({
            userId,
            kind: 'LISTING_REVIEW_DUE',
            message: `Please check the listing ${row.name} is still accurate: it has not been reviewed for five months`,
          })),
        );
        await enqueueEmails(tx, staff, 'LISTING_REVIEW_DUE', {
          listing: row.name,
          path: `/services/${encodeURIComponent(encodeGlobalID('Service', row.id))}`,
        });
      }
      return true;
    });
    if (reminded) sent++;
  }
  return sent;
}
