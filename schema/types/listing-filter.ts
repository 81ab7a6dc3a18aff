import { and, exists, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { serviceRevisions, type services } from '../../drizzle/schema';
import type { Context } from '../context';
import { REVIEW_DUE_MONTHS } from '../domain/staleness';

// Filters on an organisation's listings (issue 14 point 9): by status, with an edit waiting for
// approval, or needing review (five months unreviewed: the reminder is sent then, and at six
// the listing is flagged stale, schema/domain/staleness.ts). They narrow, never widen, what the
// viewer may see: the connection keeps its own visibility condition.

export type ListingFilterArgs = {
  status?: readonly string[] | null;
  pendingApproval?: boolean | null;
  needsReview?: boolean | null;
};

/** The cutoff on the request's clock: reviewed before it means a review is due. */
export function reviewCutoff(now: Date): string {
  const cutoff = new Date(now);
  cutoff.setMonth(cutoff.getMonth() - REVIEW_DUE_MONTHS);
  return cutoff.toISOString();
}

export function listingFilterSql(table: typeof services, ctx: Context, args: ListingFilterArgs): SQL | undefined {
  const parts: (SQL | undefined)[] = [];
  if (args.status?.length) parts.push(inArray(table.status, args.status as (typeof services.$inferSelect)['status'][]));
  if (args.pendingApproval)
    parts.push(
      exists(
        sql`(select 1 from ${serviceRevisions} where ${serviceRevisions.serviceId} = ${table.id} and ${serviceRevisions.status} = 'PENDING')`,
      ),
    );
  if (args.needsReview) parts.push(lt(table.lastReviewedAt, reviewCutoff(ctx.now())));
  return parts.length ? and(...parts) : undefined;
}
