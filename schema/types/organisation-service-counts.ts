import { and, count, eq, inArray, or } from 'drizzle-orm';
import { services } from '../../drizzle/schema';
import type { Context } from '../context';
import { turnBatcher } from '../turn-batch';
import { type ListingFilterArgs, listingFilterSql } from './listing-filter';

// Organisation.services.totalCount, batched: every organisation on a page that asks for its count
// (with the same filter) waits for one grouped statement, instead of one statement per organisation.

/** How many listings of the organisation the viewer may see under the filter (drafts only for its own staff). */
export async function organisationServiceCount(ctx: Context, orgId: number, args: ListingFilterArgs): Promise<number> {
  // One key per filter, whatever order or absence the arguments came in.
  const filter: ListingFilterArgs = {
    status: args.status ?? null,
    pendingApproval: args.pendingApproval ?? null,
    needsReview: args.needsReview ?? null,
  };
  return (await counts(ctx, orgId, filter)) ?? 0;
}

const counts = turnBatcher(countFor);

async function countFor(ctx: Context, orgIds: number[], args: ListingFilterArgs): Promise<Map<number, number>> {
  const own = ctx.viewer?.role === 'PROVIDER' ? ctx.viewer.organisationId : null;
  const rows = await ctx.db
    .select({ orgId: services.organisationId, n: count() })
    .from(services)
    .where(
      and(
        inArray(services.organisationId, orgIds),
        own ? or(eq(services.status, 'PUBLISHED'), eq(services.organisationId, own)) : eq(services.status, 'PUBLISHED'),
        listingFilterSql(services, ctx, args),
      ),
    )
    .groupBy(services.organisationId);
  return new Map(rows.map((r) => [r.orgId, Number(r.n)]));
}
