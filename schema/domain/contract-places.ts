import { and, eq, sql } from 'drizzle-orm';
import { children, contracts, districts, fundingPots, schools } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { type ContractRow, releaseToPot } from './contracts';
import { AppError, NotFoundError, ValidationError } from './errors';
import { longDate } from './long-date';
import type { Tx } from './transaction';

// The places of a signed block contract that commissions draw down and give back; the contract's
// own life (draft, signed, ended) is contracts.ts.

export class ContractFullError extends AppError {
  override name = 'ContractFullError';
  constructor(readonly placesLeft: number) {
    super(
      placesLeft === 0
        ? 'Every place on this contract is taken. Ask for a stretch place (charged to the child’s budget at the contract price, after a commissioner approves) instead.'
        : `This contract has only ${placesLeft} place${placesLeft === 1 ? '' : 's'} left: ask for ${placesLeft} under it; once it is full, more can be asked for as stretch.`,
    );
  }
}

export type ContractPlace = { contractId: number; reference: string; stretch: boolean; unitPricePence: number };

/** London's calendar date for an instant (contracts and payment runs are dated, not timed). */
export const londonDate = (at: Date) =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

/**
 * How a commission raised under a contract is priced: places drawn from the block cost the child's
 * budget nothing (unit price 0); when the block is full and the link worker asked for stretch, each
 * place beyond it is priced at the contract price and charged to the child's budget.
 */
export async function contractPlaces(
  tx: Tx,
  actor: Viewer,
  serviceId: number,
  input: { childId: number; contractId?: number | null; units: number; stretch?: boolean | null },
  now: Date,
): Promise<ContractPlace> {
  const { contract, drawn } = await drawPlaces(
    tx,
    actor.zoneId,
    input.contractId!,
    { serviceId, childId: input.childId },
    input.units,
    londonDate(now),
  );
  if (drawn) return { contractId: contract.id, reference: contract.reference, stretch: false, unitPricePence: 0 };
  if (!input.stretch) throw new ContractFullError(0);
  return {
    contractId: contract.id,
    reference: contract.reference,
    stretch: true,
    unitPricePence: contract.pricePerPlacePence,
  };
}

/**
 * Draws `units` places for a commission raised under the contract (drawn: false when the block
 * has none left: the caller then makes it a stretch request, if asked to). The conditional UPDATE
 * is the lock: two raises racing for the last place cannot both take it.
 */
export async function drawPlaces(
  tx: Tx,
  zoneId: number,
  contractId: number,
  { serviceId, childId }: { serviceId: number; childId: number },
  units: number,
  today: string,
): Promise<{ contract: ContractRow; drawn: boolean }> {
  const [c] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.zoneId, zoneId)));
  if (!c || c.status === 'DRAFT') throw new NotFoundError('Contract');
  if (c.serviceId !== serviceId)
    throw ValidationError.field(['input', 'contractId'], 'This contract is for a different service');
  const ended = endedOn(c, today);
  if (ended)
    throw ValidationError.field(
      ['input', 'contractId'],
      `This contract ended on ${longDate(ended)}: no more places can be taken under it`,
    );
  if (today < c.startDate)
    throw ValidationError.field(
      ['input', 'contractId'],
      `This contract runs from ${longDate(c.startDate)} to ${longDate(c.endDate)}`,
    );
  await checkDistrict(tx, c, childId);
  const [drawn] = await tx
    .update(contracts)
    .set({ placesUsed: sql`${contracts.placesUsed} + ${units}` })
    .where(
      and(
        eq(contracts.id, c.id),
        eq(contracts.status, 'SIGNED'),
        sql`${contracts.placesUsed} + ${units} <= ${contracts.places}`,
      ),
    )
    .returning();
  if (drawn) return { contract: drawn, drawn: true };
  const [now] = await tx.select().from(contracts).where(eq(contracts.id, c.id));
  if (now!.placesUsed < now!.places) throw new ContractFullError(now!.places - now!.placesUsed);
  return { contract: now!, drawn: false };
}

/** The day a contract ended (ENDED, or past its end date and not yet ended by housekeeping), else null. */
function endedOn(c: ContractRow, today: string): string | null {
  if (c.status === 'ENDED') return c.endedOn;
  return today > c.endDate ? c.endDate : null;
}

/**
 * A district's pot pays only for its own district's children (as allocateFunds insists), so a
 * contract on it takes only them: its block places, and its stretch places too, which are the
 * district's contract even when the child's budget pays.
 */
async function checkDistrict(tx: Tx, c: ContractRow, childId: number) {
  const [row] = await tx
    .select({ potDistrictId: fundingPots.districtId, district: districts.name, childDistrictId: schools.districtId })
    .from(fundingPots)
    .leftJoin(districts, eq(districts.id, fundingPots.districtId))
    .leftJoin(children, eq(children.id, childId))
    .leftJoin(schools, eq(schools.id, children.schoolId))
    .where(eq(fundingPots.id, c.fundingPotId));
  if (row && row.potDistrictId !== null && row.childDistrictId !== row.potDistrictId)
    throw ValidationError.field(
      ['input', 'contractId'],
      `This contract is paid from ${row.district}’s pot, which pays only for children at ${row.district}’s schools`,
    );
}

/**
 * A stretch place waits for a commissioner; once its contract has ended it can no longer be
 * approved (only rejected), as it could no longer be asked for.
 */
export async function checkStretchApproval(tx: Tx, commission: { contractId: number | null; stretch: boolean }) {
  if (commission.contractId == null || !commission.stretch) return;
  const [c] = await tx.select().from(contracts).where(eq(contracts.id, commission.contractId));
  const ended = c && endedOn(c, londonDate(new Date()));
  if (ended)
    throw ValidationError.field(
      ['input', 'commissionId'],
      `Contract ${c.reference} ended on ${longDate(ended)}, so its stretch places can no longer be approved: reject this one`,
    );
}

/**
 * A place is bought when the provider takes the child on: a commission under the contract (not
 * stretch) that leaves REQUESTED/APPROVED for a refused, declined, cancelled or lapsed state gives
 * its places back to the block, or, once the contract has ended, their money back to the pot. One
 * taken up (it left ACCEPTED: cancelled while paused) keeps them: they are used and paid for.
 */
export async function freePlaces(
  tx: Tx,
  commission: { contractId: number | null; stretch: boolean; units: number; reference: string; status: string },
  actorId: number | null,
) {
  if (commission.contractId == null || commission.stretch) return;
  if (commission.status !== 'REQUESTED' && commission.status !== 'APPROVED') return;
  const [c] = await tx
    .update(contracts)
    .set({ placesUsed: sql`${contracts.placesUsed} - ${commission.units}` })
    .where(eq(contracts.id, commission.contractId))
    .returning();
  if (c && c.status === 'ENDED')
    await releaseToPot(
      tx,
      c,
      commission.units * c.pricePerPlacePence,
      actorId,
      `Contract ${c.reference}: places of ${commission.reference} freed after the end`,
    );
}
