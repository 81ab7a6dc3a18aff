import { and, count, eq, inArray, or } from 'drizzle-orm';
import { services } from '../../drizzle/schema';
import type { Context } from '../context';
import { type ListingFilterArgs, listingFilterSql } from './listing-filter';

// Organisation.services.totalCount, batched: every organisation on a page that asks for its count
// (with the same filter) waits for one grouped statement, instead of one statement per organisation.
// The resolvers of a page all run before the event loop turns, so a setImmediate gathers them.

type Batch = { orgIds: Set<number>; counts: Promise<Map<number, number>> };
const batches = new WeakMap<Context, Map<string, Batch>>();

/** How many listings of the organisation the viewer may see under the filter (drafts only for its own staff). */
export async function organisationServiceCount(ctx: Context, orgId: number, args: ListingFilterArgs): Promise<number> {
  const filter = {
    status: args.status ?? null,
    pendingApproval: args.pendingApproval ?? null,
    needsReview: args.needsReview ?? null,
  };
  const key = JSON.stringify(filter);
  let byFilter = batches.get(ctx);
  if (!byFilter) {
    byFilter = new Map();
    batches.set(ctx, byFilter);
  }
  let batch = byFilter.get(key);
  if (!batch) {
    const orgIds = new Set<number>();
    const open = byFilter;
    const counts = new Promise<void>((resolve) => setImmediate(resolve)).then(async () => {
      open.delete(key); // later askers start a batch of their own
      return await countFor(ctx, [...orgIds], filter);
    });
    counts.catch(() => {}); // awaited by every asker; never an unhandled rejection meanwhile
    batch = { orgIds, counts };
    byFilter.set(key, batch);
  }
  batch.orgIds.add(orgId);
  return (await batch.counts).get(orgId) ?? 0;
}

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
