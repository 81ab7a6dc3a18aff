import { and, eq, inArray, sql } from 'drizzle-orm';
import { commissions } from '../../drizzle/schema';
import { formatPence } from './errors';
import type { Tx } from './transaction';

// Money a commission holds or has spent: asked for, approved, under way or delivered.
const HOLDING = ['REQUESTED', 'APPROVED', 'ACCEPTED', 'COMPLETED'] as const;

/**
 * With the zone's delegatedLimitCountsSameService on, why a raise within the limit on its own still
 * needs a commissioner: the child's other commissions for the same service this period bring the
 * total over it (one purchase split into small ones), or null. Call it after reserving on the
 * child's budget: that row lock makes raises for one child wait for each other, so this read sees
 * the commission a simultaneous raise has just committed.
 */
export async function sameServiceReason(
  tx: Tx,
  raise: { childId: number; budgetId: number; serviceId: number; amountPence: number },
  delegatedLimitPence: number,
): Promise<string | null> {
  const [row] = await tx
    .select({ others: sql<number>`coalesce(sum(${commissions.amountPence}), 0)`.mapWith(Number) })
    .from(commissions)
    .where(
      and(
        // By child first: its index holds a few rows, where a popular service has thousands.
        eq(commissions.childId, raise.childId),
        eq(commissions.budgetId, raise.budgetId),
        eq(commissions.serviceId, raise.serviceId),
        inArray(commissions.status, [...HOLDING]),
      ),
    );
  const total = (row?.others ?? 0) + raise.amountPence;
  if (row?.others === 0 || total <= delegatedLimitPence) return null;
  return `With this child’s other commissions for this service this period (${formatPence(total)} in all), over the delegated limit of ${formatPence(delegatedLimitPence)}`;
}
