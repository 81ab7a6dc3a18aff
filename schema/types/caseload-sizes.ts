import { and, count, eq, inArray } from 'drizzle-orm';
import { children } from '../../drizzle/schema';
import type { Context } from '../context';
import { turnBatcher } from '../turn-batch';

// User.caseloadSize, batched: the admin's list of people asks for every link worker's count at
// once, and gets one grouped statement, not one statement per person.

/** A link worker's children still on the programme (the count that refuses their deactivation). */
export async function caseloadSize(ctx: Context, user: { id: number; zoneId: number }): Promise<number> {
  return (await sizes(ctx, user.id, user.zoneId)) ?? 0;
}

const sizes = turnBatcher(async (ctx: Context, workerIds: number[], zoneId: number) => {
  const rows = await ctx.db
    .select({ workerId: children.linkWorkerId, n: count() })
    .from(children)
    .where(and(eq(children.zoneId, zoneId), inArray(children.linkWorkerId, workerIds), eq(children.status, 'ACTIVE')))
    .groupBy(children.linkWorkerId);
  return new Map(rows.map((r) => [r.workerId, Number(r.n)]));
});
