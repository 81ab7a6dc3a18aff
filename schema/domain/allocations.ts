import { and, eq, inArray, sql } from 'drizzle-orm';
import { allocations, childBudgets, children, fundingPots, ledgerEntries, schools } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { ForbiddenError, formatPence, NotFoundError, ValidationError } from './errors';
import { claimKey, storeResult } from './idempotency';
import { assertPeriodOpen } from './period-close';
import type { Tx } from './transaction';

// Most one child's budget holds for one period: £1,000,000, far past any real need (about £900 a
// year), and it keeps the budget's figures, and a year's carry into the next, well inside the
// database's integer columns. An allocation that would pass it is refused, not half-made.
export const MOST_IN_A_CHILD_BUDGET = 100_000_000;

export type AllocateInput = { fundingPotId: number; childIds: number[]; amountPence: number; idempotencyKey: string };

/**
 * Moves amountPence from one pot to each child's budget for the pot's period, all or nothing.
 * The pot's conditional UPDATE locks it and refuses to go past its total, so concurrent
 * allocations can never over-allocate it.
 */
export async function allocateFunds(tx: Tx, actor: Viewer, input: AllocateInput): Promise<{ allocationIds: number[] }> {
  if (actor.role !== 'COMMISSIONER' && actor.role !== 'DISTRICT_LEAD')
    throw new ForbiddenError('Only commissioners and district leads allocate funds');
  // A district lead allocates only from their own district's pots (another's is not found).
  const scope = actor.role === 'DISTRICT_LEAD' ? sql`${fundingPots.districtId} = ${actor.districtId ?? -1}` : sql`true`;
  const childIds = [...new Set(input.childIds)].sort((a, b) => a - b);
  const replay = await claimKey<{ allocationIds: number[] }>(tx, actor.id, input.idempotencyKey, 'allocateFunds', {
    ...input,
    childIds,
  });
  if (replay) return replay;

  const total = input.amountPence * childIds.length;
  const [pot] = await tx
    .update(fundingPots)
    .set({ allocatedPence: sql`${fundingPots.allocatedPence} + ${total}` })
    .where(
      and(
        eq(fundingPots.id, input.fundingPotId),
        eq(fundingPots.zoneId, actor.zoneId),
        scope,
        sql`${fundingPots.allocatedPence} + ${fundingPots.contractCommittedPence} + ${total} <= ${fundingPots.totalPence}`,
      ),
    )
    .returning({
      id: fundingPots.id,
      period: fundingPots.period,
      districtId: fundingPots.districtId,
      remaining: sql<number>`${fundingPots.totalPence} - ${fundingPots.allocatedPence} - ${fundingPots.contractCommittedPence}`,
    });
  if (!pot) {
    const [existing] = await tx
      .select({
        remaining: sql<number>`${fundingPots.totalPence} - ${fundingPots.allocatedPence} - ${fundingPots.contractCommittedPence}`,
      })
      .from(fundingPots)
      .where(and(eq(fundingPots.id, input.fundingPotId), eq(fundingPots.zoneId, actor.zoneId), scope));
    if (!existing) throw new NotFoundError('Funding pot');
    throw ValidationError.field(
      ['input', 'amountPence'],
      `The pot has ${formatPence(Number(existing.remaining))} left; this allocation needs ${formatPence(total)}`,
    );
  }

  // A closed period's pots take no more allocations (period-close.ts).
  await assertPeriodOpen(tx, actor.zoneId, pot.period, ['input', 'fundingPotId']);
  // A district lead reads only their district's active children: any other id gets the same answer
  // as one that is no child at all, so allocating tells them nothing they could not read.
  const lead = actor.role === 'DISTRICT_LEAD';
  const found = await tx
    .select({ id: children.id, districtId: schools.districtId })
    .from(children)
    .innerJoin(schools, eq(schools.id, children.schoolId))
    .where(
      and(
        inArray(children.id, childIds),
        eq(children.zoneId, actor.zoneId),
        eq(children.status, 'ACTIVE'),
        lead ? eq(schools.districtId, actor.districtId ?? -1) : undefined,
      ),
    );
  if (found.length !== childIds.length) {
    throw ValidationError.field(
      ['input', 'childIds'],
      lead
        ? 'Every child must be an active child at your district’s schools'
        : 'Every child must be an active child in your zone',
    );
  }
  // A district pot pays only for children at its district's schools.
  if (pot.districtId !== null && found.some((c) => c.districtId !== pot.districtId)) {
    throw ValidationError.field(['input', 'childIds'], 'A district’s pot pays only for children at its own schools');
  }

  const budgets = await tx
    .insert(childBudgets)
    .values(
      childIds.map((childId) => ({
        zoneId: actor.zoneId,
        childId,
        period: pot.period,
        allocatedPence: input.amountPence,
      })),
    )
    .onConflictDoUpdate({
      target: [childBudgets.childId, childBudgets.period],
      set: { allocatedPence: sql`${childBudgets.allocatedPence} + excluded."allocatedPence"` },
      // A budget already at its most is left alone and not returned: counted below, and refused.
      setWhere: sql`${childBudgets.allocatedPence}::bigint + excluded."allocatedPence" <= ${MOST_IN_A_CHILD_BUDGET}`,
    })
    .returning({ id: childBudgets.id, childId: childBudgets.childId });
  if (budgets.length !== childIds.length) {
    const over = childIds.length - budgets.length;
    throw ValidationError.field(
      ['input', 'amountPence'],
      `A child’s budget holds at most ${formatPence(MOST_IN_A_CHILD_BUDGET)} a period: this allocation would take ${over === 1 ? 'a child' : `${over} children`} past it`,
    );
  }
  const budgetOf = new Map(budgets.map((b) => [b.childId, b.id]));

  const rows = await tx
    .insert(allocations)
    .values(
      childIds.map((childId) => ({
        fundingPotId: pot.id,
        childId,
        budgetId: budgetOf.get(childId)!,
        amountPence: input.amountPence,
        createdById: actor.id,
      })),
    )
    .returning({ id: allocations.id, budgetId: allocations.budgetId });
  await tx.insert(ledgerEntries).values(
    rows.map((a) => ({
      zoneId: actor.zoneId,
      budgetId: a.budgetId,
      kind: 'ALLOCATE' as const,
      amountPence: input.amountPence,
      fundingPotId: pot.id,
      allocationId: a.id,
      actorId: actor.id,
      reason: 'Allocation from funding pot',
    })),
  );
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'ALLOCATE_FUNDS',
    entityType: 'FundingPot',
    entityId: pot.id,
    detail: { childIds, amountPence: input.amountPence, totalPence: total },
  });
  const result = { allocationIds: rows.map((r) => r.id) };
  await storeResult(tx, actor.id, input.idempotencyKey, result);
  return result;
}
