import { randomInt } from 'node:crypto';
import { and, eq, type SQLWrapper, sql } from 'drizzle-orm';
import {
  commissionEvents,
  commissions,
  contracts,
  fundingPots,
  ledgerEntries,
  organisations,
  services,
} from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit } from './audit';
import { REFERENCE_ALPHABET } from './commission-reference';
import { AppError, ForbiddenError, formatPence, NotFoundError, ValidationError } from './errors';
import { longDate } from './long-date';
import { assertPeriodOpen } from './periods';
import { rowsOf } from './rows';
import { isUniqueViolation, type Tx } from './transaction';
import { addYears } from './working-days';

// Block contracts. The money model (README "Provider contracts and payment runs"):
// - signing commits places x price from the contract's pot (CONTRACT_COMMIT; the pot's
//   allocated + contract-committed never passes its total);
// - a commission under the contract draws down places (placesUsed, by a conditional UPDATE) and
//   costs the child's budget nothing (contract-places.ts); the places are paid monthly in arrears (payment-runs.ts);
// - a stretch commission (the block is full) is a normal, budget-priced commission at the
//   contract price per place, always sent to the commissioners' approval queue;
// - ending (on the end date, or early) returns the price of every place not drawn down
//   (CONTRACT_RELEASE); a place freed after the end (a refused or cancelled commission) too.

export class ContractStateError extends AppError {
  override name = 'ContractStateError';
}

export type ContractRow = typeof contracts.$inferSelect;

export type CreateContractInput = {
  serviceId: number;
  fundingPotId: number;
  places: number;
  pricePerPlacePence: number;
  startDate: string;
  endDate: string;
};

const reference = () =>
  `BC-${Array.from({ length: 5 }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

const requireCommissioner = (actor: Viewer) => {
  if (actor.role !== 'COMMISSIONER') throw new ForbiddenError('Only commissioners manage contracts');
};

/**
 * A contract's dates as a commissioner would mean them: starting within two years of today either
 * way and lasting at most five (9999-12-31 is a slip, and would hold its pot's money for ever).
 */
export function checkContractDates(input: { startDate: string; endDate: string }, today: string): void {
  if (input.startDate < addYears(today, -2) || input.startDate > addYears(today, 2))
    throw ValidationError.field(
      ['input', 'startDate'],
      `Enter a start date between ${longDate(addYears(today, -2))} and ${longDate(addYears(today, 2))}`,
    );
  if (input.endDate > addYears(input.startDate, 5))
    throw ValidationError.field(['input', 'endDate'], 'A contract can last at most five years');
}

/** A DRAFT contract for one listing of a provider in the zone, drawing on one of the zone's pots. */
export async function createContract(tx: Tx, actor: Viewer, input: CreateContractInput): Promise<ContractRow> {
  requireCommissioner(actor);
  if (input.endDate < input.startDate)
    throw ValidationError.field(['input', 'endDate'], 'The end date must be on or after the start date');
  const value = input.places * input.pricePerPlacePence;
  if (!Number.isSafeInteger(value) || value > 2_000_000_000)
    throw ValidationError.field(['input', 'places'], 'That contract is too large');
  const [service] = await tx
    .select({ id: services.id, organisationId: services.organisationId, status: services.status })
    .from(services)
    .innerJoin(organisations, eq(organisations.id, services.organisationId))
    .where(and(eq(services.id, input.serviceId), eq(services.zoneId, actor.zoneId)));
  if (!service || service.status === 'DRAFT') throw new NotFoundError('Service');
  const [pot] = await tx
    .select({ id: fundingPots.id, period: fundingPots.period })
    .from(fundingPots)
    .where(and(eq(fundingPots.id, input.fundingPotId), eq(fundingPots.zoneId, actor.zoneId)));
  if (!pot) throw new NotFoundError('Funding pot');
  // A closed year's pot takes no new commitments, as it takes no new allocations.
  await assertPeriodOpen(tx, actor.zoneId, pot.period, ['input', 'fundingPotId']);
  for (let attempt = 1; ; attempt++) {
    try {
      const [row] = await tx.transaction((sp) =>
        sp
          .insert(contracts)
          .values({
            ...input,
            reference: reference(),
            zoneId: actor.zoneId,
            organisationId: service.organisationId,
            createdById: actor.id,
          })
          .returning(),
      );
      await audit(tx, {
        zoneId: actor.zoneId,
        actorId: actor.id,
        action: 'CREATE_CONTRACT',
        entityType: 'Contract',
        entityId: row!.id,
        detail: { places: input.places, pricePerPlacePence: input.pricePerPlacePence, fundingPotId: pot.id },
      });
      return row!;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= 8) throw error;
    }
  }
}

async function lockContract(tx: Tx, actor: Viewer, contractId: number): Promise<ContractRow> {
  const [c] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.zoneId, actor.zoneId)))
    .for('update');
  if (!c) throw new NotFoundError('Contract');
  return c;
}

/** DRAFT to SIGNED: commits places x price from the pot, in the ledger, or refuses if the pot is short. */
export async function signContract(tx: Tx, actor: Viewer, contractId: number, now: Date): Promise<ContractRow> {
  requireCommissioner(actor);
  const c = await lockContract(tx, actor, contractId);
  if (c.status !== 'DRAFT') throw new ContractStateError(`This contract is already ${c.status.toLowerCase()}`);
  // A draft whose pot's year has closed since cannot commit that year's money.
  const [{ period }] = (await tx
    .select({ period: fundingPots.period })
    .from(fundingPots)
    .where(eq(fundingPots.id, c.fundingPotId))) as [{ period: string }];
  await assertPeriodOpen(tx, actor.zoneId, period, ['input', 'contractId']);
  const amount = c.places * c.pricePerPlacePence;
  const free = sql`${fundingPots.totalPence} - ${fundingPots.allocatedPence} - ${fundingPots.contractCommittedPence}`;
  const [pot] = await tx
    .update(fundingPots)
    .set({ contractCommittedPence: sql`${fundingPots.contractCommittedPence} + ${amount}` })
    .where(and(eq(fundingPots.id, c.fundingPotId), sql`${free} >= ${amount}`))
    .returning({ id: fundingPots.id });
  if (!pot) {
    const [p] = await tx
      .select({ free: sql<number>`${free}` })
      .from(fundingPots)
      .where(eq(fundingPots.id, c.fundingPotId));
    throw ValidationError.field(
      ['input', 'contractId'],
      `The pot has ${formatPence(Number(p?.free ?? 0))} uncommitted; this contract needs ${formatPence(amount)}`,
    );
  }
  const [signed] = await tx
    .update(contracts)
    .set({ status: 'SIGNED', signedAt: now, committedPence: amount })
    .where(eq(contracts.id, c.id))
    .returning();
  await tx.insert(ledgerEntries).values({
    zoneId: c.zoneId,
    kind: 'CONTRACT_COMMIT',
    amountPence: amount,
    fundingPotId: c.fundingPotId,
    contractId: c.id,
    actorId: actor.id,
    reason: `Contract ${c.reference} signed: ${c.places} places at ${formatPence(c.pricePerPlacePence)}`,
  });
  await audit(tx, {
    zoneId: c.zoneId,
    actorId: actor.id,
    action: 'SIGN_CONTRACT',
    entityType: 'Contract',
    entityId: c.id,
    detail: { committedPence: amount },
  });
  return signed!;
}

/** Returns money to the contract's pot (places never drawn down, or freed after the end). */
export async function releaseToPot(tx: Tx, c: ContractRow, amount: number, actorId: number | null, reason: string) {
  if (amount <= 0) return;
  await tx
    .update(fundingPots)
    .set({ contractCommittedPence: sql`${fundingPots.contractCommittedPence} - ${amount}` })
    .where(eq(fundingPots.id, c.fundingPotId));
  await tx
    .update(contracts)
    .set({ releasedPence: sql`${contracts.releasedPence} + ${amount}` })
    .where(eq(contracts.id, c.id));
  await tx.insert(ledgerEntries).values({
    zoneId: c.zoneId,
    kind: 'CONTRACT_RELEASE',
    amountPence: amount,
    fundingPotId: c.fundingPotId,
    contractId: c.id,
    actorId,
    reason,
  });
}

/**
 * SIGNED to ENDED on `endedOn` (its end date, or earlier): the unused places' money goes back to
 * the pot. actor null: the portal ending a contract whose end date has passed.
 */
export async function endContract(
  tx: Tx,
  actor: Viewer | null,
  zoneId: number,
  contractId: number,
  endedOn: string,
): Promise<ContractRow> {
  if (actor) requireCommissioner(actor);
  const [c] = await tx
    .select()
    .from(contracts)
    .where(and(eq(contracts.id, contractId), eq(contracts.zoneId, zoneId)))
    .for('update');
  if (!c) throw new NotFoundError('Contract');
  if (c.status !== 'SIGNED')
    throw new ContractStateError(c.status === 'DRAFT' ? 'Sign the contract first' : 'This contract has already ended');
  if (endedOn > c.endDate)
    throw ValidationError.field(['input', 'endedOn'], `The contract ends on ${longDate(c.endDate)} at the latest`);
  if (endedOn < c.startDate)
    throw ValidationError.field(
      ['input', 'endedOn'],
      `The contract starts on ${longDate(c.startDate)}: end it on or after then`,
    );
  // Ending takes effect at once, so it cannot be dated ahead (only one not yet started ends on its
  // first day). Today by the clock that dates its places: the database's.
  if (actor && endedOn > c.startDate && endedOn > (await londonToday(tx)))
    throw ValidationError.field(
      ['input', 'endedOn'],
      `${longDate(endedOn)} is still to come: end the contract today, or leave it to end on ${longDate(c.endDate)}`,
    );
  // Places are paid by the month they are taken up, so a contract cannot end before a place it
  // still holds was drawn down or taken up. (The portal's own end on the end date is always
  // allowed: no place is drawn after it, and one taken up later is paid as usual.)
  const latest = actor ? await latestPlaceDate(tx, c.id) : null;
  if (latest && endedOn < latest)
    throw ValidationError.field(
      ['input', 'endedOn'],
      `A place under this contract was taken on ${longDate(latest)}: end it on that day or later`,
    );
  const unused = (c.places - c.placesUsed) * c.pricePerPlacePence;
  await tx.update(contracts).set({ status: 'ENDED', endedOn }).where(eq(contracts.id, c.id));
  await releaseToPot(
    tx,
    c,
    unused,
    actor?.id ?? null,
    `Contract ${c.reference} ended: ${c.places - c.placesUsed} unused places returned`,
  );
  await audit(tx, {
    zoneId: c.zoneId,
    actorId: actor?.id ?? null,
    action: 'END_CONTRACT',
    entityType: 'Contract',
    entityId: c.id,
    detail: { endedOn, releasedPence: unused, early: endedOn < c.endDate },
  });
  return (await tx.select().from(contracts).where(eq(contracts.id, c.id)))[0]!;
}

/** The latest London day a place the contract still holds was drawn down or taken up, or null. */
async function londonToday(tx: Tx): Promise<string> {
  const [row] = rowsOf(await tx.execute(sql`select (now() at time zone 'Europe/London')::date::text as "today"`));
  return String(row!.today);
}

/**
 * SQL: the commission (its status and id columns) holds places of its contract's block: waiting
 * for the provider, or taken up (the provider accepted it), whatever became of it since.
 */
export const holdsBlockPlaces = (status: SQLWrapper, id: SQLWrapper) =>
  sql`(${status} in ('REQUESTED', 'APPROVED', 'ACCEPTED', 'COMPLETED') or (${status} = 'CANCELLED' and exists (
    select 1 from "commission_events" e where e."commissionId" = ${id} and e."fromStatus" = 'APPROVED' and e."toStatus" = 'ACCEPTED')))`;

async function latestPlaceDate(tx: Tx, contractId: number): Promise<string | null> {
  const day = (at: unknown) => sql`(${at} at time zone 'Europe/London')::date`;
  const accepted = tx
    .select({ at: sql`max(${day(commissionEvents.at)})` })
    .from(commissionEvents)
    .where(and(eq(commissionEvents.commissionId, commissions.id), eq(commissionEvents.toStatus, 'ACCEPTED')));
  const [row] = await tx
    .select({ latest: sql<string | null>`max(greatest(${day(commissions.createdAt)}, (${accepted})))::text` })
    .from(commissions)
    .where(
      and(
        eq(commissions.contractId, contractId),
        eq(commissions.stretch, false),
        holdsBlockPlaces(commissions.status, commissions.id),
      ),
    );
  return row?.latest ?? null;
}

/** Ends every signed contract whose end date is before `today` (housekeeping). Returns how many. */
export async function endDueContracts(tx: Tx, today: string): Promise<number> {
  const due = await tx
    .select({ id: contracts.id, zoneId: contracts.zoneId, endDate: contracts.endDate })
    .from(contracts)
    .where(and(eq(contracts.status, 'SIGNED'), sql`${contracts.endDate} < ${today}`))
    // Another process ending the same contracts skips these rather than ending them twice.
    .for('update', { skipLocked: true });
  for (const c of due) await endContract(tx, null, c.zoneId, c.id, c.endDate);
  return due.length;
}
