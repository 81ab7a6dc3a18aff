import { eq } from 'drizzle-orm';
import { fundingPots } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { ValidationError } from './errors';
import { claimKey, storeResult } from './idempotency';
import { lockCurrentPeriod } from './periods';
import type { Tx } from './transaction';

export type FundingPotInput = {
  name: string;
  source: (typeof fundingPots.$inferInsert)['source'];
  totalPence: number;
  /** A retry with the same key gets the pot the first attempt made (idempotency.ts). */
  idempotencyKey?: string | null;
};

/** Creates a zone pot in the actor's budget period, audited; a replayed key returns the first pot. */
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
