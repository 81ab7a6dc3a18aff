import { and, eq, inArray, sql } from 'drizzle-orm';
import { allocations, childBudgets, children, fundingPots, ledgerEntries } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { ForbiddenError, formatPence, NotFoundError, ValidationError } from './errors';
import { claimKey, storeResult } from './idempotency';
import type { Tx } from './transaction';

export type AllocateInput = { fundingPotId: number; childIds: number[]; amountPence: number; idempotencyKey: string };

/**
 * Moves amountPence from one pot to each child's budget for the pot's period, all or nothing.
 * The pot's conditional UPDATE locks it and refuses to go past its total, so concurrent
 * allocations can never over-allocate it.
 */
export async function allocateFunds(tx: Tx, actor: Viewer, input: AllocateInput): Promise<{ allocationIds: number[] }> {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners allocate funds');
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
        sql`${fundingPots.allocatedPence} + ${fundingPots.contractCommittedPence} + ${total} <= ${fundingPots.totalPence}`,
      ),
    )
    .returning({
      id: fundingPots.id,
      period: fundingPots.period,
      remaining: sql<number>`${fundingPots.totalPence} - ${fundingPots.allocatedPence} - ${fundingPots.contractCommittedPence}`,
    });
  if (!pot) {
    const [existing] = await tx
      .select({
        remaining: sql<number>`${fundingPots.totalPence} - ${fundingPots.allocatedPence} - ${fundingPots.contractCommittedPence}`,
      })
      .from(fundingPots)
      .where(and(eq(fundingPots.id, input.fundingPotId), eq(fundingPots.zoneId, actor.zoneId)));
    if (!existing) throw new NotFoundError('Funding pot');
    throw ValidationError.field(
      ['input', 'amountPence'],
      `The pot has ${formatPence(Number(existing.remaining))} left; this allocation needs ${formatPence(total)}`,
    );
  }

  const found = await tx
    .select({ id: children.id })
    .from(children)
    .where(and(inArray(children.id, childIds), eq(children.zoneId, actor.zoneId), eq(children.status, 'ACTIVE')));
  if (found.length !== childIds.length) {
    throw ValidationError.field(['input', 'childIds'], 'Every child must be an active child in your zone');
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
    })
    .returning({ id: childBudgets.id, childId: childBudgets.childId });
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
