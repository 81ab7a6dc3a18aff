import { and, eq } from 'drizzle-orm';
import { fundingPots, ledgerEntries } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { formatPence, NotFoundError, ValidationError } from './errors';
import { claimKey, storeResult } from './idempotency';
import { assertPeriodOpen } from './period-close';
import { lockCurrentPeriod } from './periods';
import type { Tx } from './transaction';

export type FundingPotInput = {
  name: string;
  source: (typeof fundingPots.$inferInsert)['source'];
  totalPence: number;
  /** A retry with the same key gets the pot the first attempt made (idempotency.ts). */
  idempotencyKey?: string | null;
};

/**
 * The ledger's record of money coming into pots: one FUND entry of each pot's total. A pot's total
 * is always its FUND entries less its DEFUND ones (npm run reconcile checks it), so where every
 * penny came from is in the ledger, not only in a column that can be changed.
 */
export async function creditPots(
  tx: Tx,
  zoneId: number,
  actorId: number | null,
  pots: { id: number; totalPence: number }[],
  reason: string,
) {
  const credited = pots.filter((p) => p.totalPence > 0);
  if (!credited.length) return;
  await tx.insert(ledgerEntries).values(
    credited.map((p) => ({
      zoneId,
      kind: 'FUND' as const,
      amountPence: p.totalPence,
      fundingPotId: p.id,
      actorId,
      reason,
    })),
  );
}

/** Creates a zone pot in the actor's budget period, credited in the ledger and audited; a replayed key returns the first pot. */
export async function createFundingPot(tx: Tx, actor: Viewer, input: FundingPotInput) {
  const { idempotencyKey: key, ...request } = input;
  const replay = key ? await claimKey<{ fundingPotId: number }>(tx, actor.id, key, 'createFundingPot', request) : null;
  if (replay) return (await tx.select().from(fundingPots).where(eq(fundingPots.id, replay.fundingPotId)))[0]!;
  if (request.name.trim().length < 2) throw ValidationError.field(['input', 'name'], 'Name the pot');
  // The zone's period now, not the session's: sessions cache it, and it may have closed since.
  const period = await lockCurrentPeriod(tx, actor.zoneId);
  const [pot] = await tx
    .insert(fundingPots)
    .values({ ...request, zoneId: actor.zoneId, period, name: request.name.trim() })
    .returning();
  await creditPots(tx, actor.zoneId, actor.id, [pot!], 'Pot created');
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'CREATE_FUNDING_POT',
    entityType: 'FundingPot',
    entityId: pot!.id,
    detail: { totalPence: input.totalPence },
  });
  if (key) await storeResult(tx, actor.id, key, { fundingPotId: pot!.id });
  return pot!;
}

// The ledger's reason for a change of a pot's total names its direction before the commissioner's
// words; the pot's history (FundingPot.totalChanges) gives the direction a field of its own.
const TOTAL_CHANGE = /^Total (raised|lowered): /;
const totalChangeReason = (change: number, reason: string) =>
  `Total ${change > 0 ? 'raised' : 'lowered'}: ${reason.trim()}`;
/** The commissioner's own words from a total change's ledger reason ("Pot created" as it is). */
export const ownWordsOf = (reason: string) => reason.replace(TOTAL_CHANGE, '');

/**
 * Sets a zone pot's total, never below what it has allocated or committed to contracts: the pot's
 * row is locked first, so an allocation racing the change waits and then sees the new total. The
 * difference goes into the ledger (FUND for a rise, DEFUND for a fall) with the reason given.
 */
export async function adjustFundingPot(
  tx: Tx,
  actor: Viewer,
  potId: number,
  input: { totalPence: number; reason: string },
) {
  const [pot] = await tx
    .select()
    .from(fundingPots)
    .where(and(eq(fundingPots.id, potId), eq(fundingPots.zoneId, actor.zoneId)))
    .for('update');
  if (!pot) throw new NotFoundError('Funding pot');
  if (pot.districtFundId !== null)
    throw ValidationError.field(['input', 'fundingPotId'], 'A district’s share comes from its fund’s formula');
  const committed = pot.allocatedPence + pot.contractCommittedPence;
  if (input.totalPence < committed)
    throw ValidationError.field(
      ['input', 'totalPence'],
      `The total cannot go below the ${formatPence(committed)} already allocated or committed to contracts`,
    );
  await assertPeriodOpen(tx, actor.zoneId, pot.period, ['input', 'fundingPotId']);
  const [adjusted] = await tx
    .update(fundingPots)
    .set({ totalPence: input.totalPence })
    .where(eq(fundingPots.id, pot.id))
    .returning();
  const change = input.totalPence - pot.totalPence;
  if (change !== 0)
    await tx.insert(ledgerEntries).values({
      zoneId: actor.zoneId,
      kind: change > 0 ? 'FUND' : 'DEFUND',
      amountPence: Math.abs(change),
      fundingPotId: pot.id,
      actorId: actor.id,
      reason: totalChangeReason(change, input.reason),
    });
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'ADJUST_FUNDING_POT',
    entityType: 'FundingPot',
    entityId: pot.id,
    detail: { totalPence: input.totalPence, reason: input.reason },
  });
  return adjusted!;
}
