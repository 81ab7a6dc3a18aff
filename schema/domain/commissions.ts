import { and, eq, sql } from 'drizzle-orm';
import {
  approvedServices,
  children,
  commissionEvents,
  commissions,
  services,
  users,
  zones,
} from '../../drizzle/schema';
import type { Viewer } from '../context';
import { approvalReason } from './approved-services';
import { audit, notify, notifyStaffWrites } from './audit';
import { movePlace } from './capacity';
import { NOT_ON_YOUR_CASELOAD } from './child-refusals';
import {
  ALLOWED_WHILE_PAUSED,
  type CommissionAction,
  nextStatus,
  placeChange,
  settlement,
  TRANSITIONS,
} from './commission-machine';
import { type CommissionRow, insertWithReference } from './commission-reference';
import { latestConsentAction } from './consent';
import { checkStretchApproval, contractPlaces, freePlaces } from './contract-places';
import {
  CommissionPausedError,
  ConsentRequiredError,
  ForbiddenError,
  formatPence,
  InvalidTransitionError,
  NotFoundError,
  ServiceDecommissionedError,
  ValidationError,
} from './errors';
import { claimKeyLocking, resultWrite } from './idempotency';
import { budgetFor, reserve, settle } from './ledger';
import { longDate } from './long-date';
import { writeLedgerThenAudit } from './one-statement';
import { sameServiceReason } from './split-commissions';
import { refuseSurname } from './surname-check';
import type { Tx } from './transaction';
import { londonDate } from './working-days';

export type RaiseInput = {
  childId: number;
  serviceId: number;
  units: number;
  rationale: string;
  /** What the provider is asked to deliver; blank means a plain brief from what is commissioned. */
  requestToProvider?: string | null;
  requestedStartDate?: string | null;
  idempotencyKey: string;
  /** Raise under a block contract for the service: draws places (see contracts.ts). */
  contractId?: number | null;
  /** When the contract's block is full, ask for stretch places instead (approval, child's budget). */
  stretch?: boolean | null;
};

async function staffOf(tx: Tx, where: { zoneId: number; role: 'COMMISSIONER' } | { organisationId: number }) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        'role' in where
          ? and(eq(users.zoneId, where.zoneId), eq(users.role, where.role))
          : and(eq(users.organisationId, where.organisationId), eq(users.role, 'PROVIDER')),
      ),
    );
  return rows.map((r) => r.id);
}

/** A start a month back (paperwork catching up with a start already agreed) to two years ahead. */
function checkStartDate(date: string, now: Date) {
  const today = londonDate(now);
  const shift = (days: number) =>
    new Date(Date.parse(`${today}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
  const [earliest, latest] = [shift(-31), shift(731)];
  if (date < earliest || date > latest)
    throw ValidationError.field(
      ['input', 'requestedStartDate'],
      `Enter a start date between ${longDate(earliest)} and ${longDate(latest)}`,
    );
}

/**
 * Raises a micro-commission and reserves its full amount on the child's budget at once. The
 * busiest action, so it is written in few round trips: the reads in one statement, the
 * reservation in one, and the commission's timeline, notices and idempotent result together
 * (one-statement.ts).
 */
export async function raiseCommission(
  tx: Tx,
  actor: Viewer,
  input: RaiseInput,
  now: Date = new Date(),
  /** The demo seed's history only: when it was raised (createdAt, approvedAt, its first events); else the database's time. */
  raisedAt?: Date,
): Promise<{ commissionId: number; commission?: CommissionRow }> {
  if (actor.role !== 'LINK_WORKER') throw new ForbiddenError('Only link workers raise commissions');
  // A shared lock on the child, taken with the key's claim: raises go side by side, but wait for a
  // consent change in flight. Lock, then read: a statement that waited for a lock still reads from
  // the snapshot it began with, so a read in the same statement would miss the withdrawal it waited
  // for (PostgreSQL, READ COMMITTED).
  const lockChild = tx
    .select({ id: children.id })
    .from(children)
    .where(and(eq(children.id, input.childId), eq(children.zoneId, actor.zoneId)))
    .for('share');
  const replay = await claimKeyLocking<{ commissionId: number }>(
    tx,
    actor.id,
    input.idempotencyKey,
    'raiseCommission',
    input,
    lockChild,
  );
  if (replay) return replay;
  if (input.requestedStartDate) checkStartDate(input.requestedStartDate, now);
  // The child, its zone's settings, and the service with where it stands on the zone's approved
  // list, in one statement.
  const [found] = await tx
    .select({
      child: {
        id: children.id,
        linkWorkerId: children.linkWorkerId,
        status: children.status,
        reference: children.reference,
        lastName: children.lastName,
        consent: latestConsentAction,
      },
      zone: {
        currentPeriod: zones.currentPeriod,
        delegatedLimitPence: zones.delegatedLimitPence,
        countsSameService: zones.delegatedLimitCountsSameService,
      },
      // What a raise needs of the listing, not the whole row (its search vector alone is kilobytes).
      service: {
        id: services.id,
        name: services.name,
        unitName: services.unitName,
        organisationId: services.organisationId,
        status: services.status,
        decommissionedFrom: services.decommissionedFrom,
        commissionable: services.commissionable,
        unitPricePence: services.unitPricePence,
      },
      keepsList: sql<boolean>`exists (select 1 from ${approvedServices} where ${approvedServices.zoneId} = ${actor.zoneId})`,
      // An approval counts from its date (London, as decommissioning): one dated ahead is not yet in force.
      approved: sql<boolean>`exists (select 1 from ${approvedServices} where ${approvedServices.zoneId} = ${actor.zoneId} and ${approvedServices.serviceId} = ${services.id} and ${approvedServices.approvedOn} <= ${londonDate(now)})`,
    })
    .from(children)
    .innerJoin(zones, eq(zones.id, children.zoneId))
    .leftJoin(services, and(eq(services.id, input.serviceId), eq(services.zoneId, actor.zoneId)))
    .where(and(eq(children.id, input.childId), eq(children.zoneId, actor.zoneId)));
  const child = found?.child;
  if (!child) throw new NotFoundError('Child');
  if (child.linkWorkerId !== actor.id) throw new ForbiddenError(NOT_ON_YOUR_CASELOAD);
  if (child.status !== 'ACTIVE')
    throw ValidationError.field(['input', 'childId'], 'This child is no longer active on the programme');
  if (child.consent !== 'GIVEN') throw new ConsentRequiredError();
  refuseSurname(child.lastName, [
    { path: ['input', 'rationale'], text: input.rationale },
    { path: ['input', 'requestToProvider'], text: input.requestToProvider },
  ]);

  const service = found.service;
  if (!service || service.status === 'DRAFT') throw new NotFoundError('Service');
  // Decommissioned: no new commissions from that date (live ones finish).
  if (service.decommissionedFrom && londonDate(now) >= service.decommissionedFrom)
    throw new ServiceDecommissionedError(service.decommissionedFrom);
  if (service.status !== 'PUBLISHED') throw ValidationError.field(['input', 'serviceId'], 'This service is archived');
  // Under a contract, units are places: drawn from the block (priced 0 here), or stretch places.
  const place = input.contractId != null ? await contractPlaces(tx, actor, service.id, input, now) : null;
  if (!place && (!service.commissionable || service.unitPricePence == null)) {
    throw ValidationError.field(['input', 'serviceId'], 'This service cannot be commissioned through the portal');
  }

  const zone = found.zone;
  const unitPricePence = place ? place.unitPricePence : service.unitPricePence!;
  const amountPence = input.units * unitPricePence;
  if (!Number.isSafeInteger(amountPence) || amountPence > 2_000_000_000) {
    throw ValidationError.field(['input', 'units'], 'That is too many units');
  }
  // Places under a contract need no approval (the contract was), except stretch places beyond
  // its block, which always need a commissioner's say; otherwise the approved list and the limit.
  const ownReason = place
    ? place.stretch
      ? 'Places beyond the contract’s block: a commissioner approves them whatever their amount'
      : null
    : approvalReason(amountPence, zone.delegatedLimitPence, {
        keepsList: Boolean(found.keepsList),
        approved: Boolean(found.approved),
      });
  const requestToProvider =
    input.requestToProvider?.trim() ||
    (place
      ? `Deliver ${input.units} place${input.units === 1 ? '' : 's'} of ${service.name} under contract ${place.reference}.`
      : `Deliver ${input.units} × ${service.name} as described in your listing.`);

  // Reserve first: the conditional update locks the budget row and fails if money is short.
  const budgetId =
    amountPence > 0
      ? await reserve(tx, child.id, zone.currentPeriod, amountPence)
      : await budgetFor(tx, actor.zoneId, child.id, zone.currentPeriod);
  // Within the limit alone, but maybe not with the child's other commissions for this service
  // (read after reserving, whose lock orders raises for one child).
  const reason =
    ownReason ??
    (zone.countsSameService && !place && amountPence > 0
      ? await sameServiceReason(
          tx,
          { childId: child.id, budgetId, serviceId: service.id, amountPence },
          zone.delegatedLimitPence,
        )
      : null);
  const status = reason ? ('REQUESTED' as const) : ('APPROVED' as const);
  const inserted = await insertWithReference(tx, {
    zoneId: actor.zoneId,
    childId: child.id,
    budgetId,
    serviceId: service.id,
    organisationId: service.organisationId,
    linkWorkerId: actor.id,
    units: input.units,
    unitPricePence,
    amountPence,
    rationale: input.rationale,
    requestToProvider,
    requestedStartDate: input.requestedStartDate ?? null,
    contractId: place?.contractId ?? null,
    stretch: place?.stretch ?? false,
    status,
    approvalReason: reason,
    approvedAt: status === 'APPROVED' ? (raisedAt ?? new Date()) : null,
    ...(raisedAt ? { createdAt: raisedAt.toISOString() } : {}),
  });
  const at = raisedAt ? { at: raisedAt.toISOString() } : {};
  const events = [
    {
      commissionId: inserted.id,
      action: 'RAISED',
      ...at,
      fromStatus: null,
      toStatus: 'REQUESTED' as const,
      actorId: actor.id,
      // The timeline is read by the provider too: the brief, never the rationale.
      note: requestToProvider,
    },
    ...(status === 'APPROVED'
      ? [
          {
            commissionId: inserted.id,
            action: 'AUTO_APPROVED',
            ...at,
            fromStatus: 'REQUESTED' as const,
            toStatus: 'APPROVED' as const,
            actorId: actor.id,
            note: `Within the delegated limit of ${formatPence(zone.delegatedLimitPence)}`,
          },
        ]
      : []),
  ];
  const notices =
    status === 'APPROVED'
      ? notifyStaffWrites(
          tx,
          { organisationId: service.organisationId, role: 'PROVIDER' },
          {
            kind: 'COMMISSION_APPROVED',
            message: `New commission ${inserted.reference} for ${service.name}: ${input.units} × ${service.unitName} (${place && !place.stretch ? `under contract ${place.reference}` : formatPence(amountPence)})`,
            commission: inserted,
          },
        )
      : notifyStaffWrites(
          tx,
          { zoneId: actor.zoneId, role: 'COMMISSIONER' },
          {
            kind: 'APPROVAL_NEEDED',
            message: `Approval needed: ${service.name} for ${child.reference} (${formatPence(amountPence)}). ${reason}`,
            commission: inserted,
          },
        );
  const result = { commissionId: inserted.id };
  // The ledger and audit entries, with the commission's timeline, notices and idempotent result, in
  // one statement; ledger and audit join their hash chains as the transaction commits
  // (drizzle/migrations/*deferred_hash_chain*).
  await writeLedgerThenAudit(
    tx,
    amountPence > 0
      ? [
          {
            zoneId: actor.zoneId,
            budgetId,
            commissionId: inserted.id,
            actorId: actor.id,
            reason: `Reserved for ${service.name}`,
            kind: 'RESERVE',
            amountPence,
          },
        ]
      : [],
    {
      zoneId: actor.zoneId,
      actorId: actor.id,
      action: 'RAISE_COMMISSION',
      entityType: 'Commission',
      entityId: inserted.id,
      detail: {
        childReference: child.reference,
        serviceId: service.id,
        amountPence,
        status,
        ...(place ? { contractId: place.contractId, stretch: place.stretch } : {}),
      },
    },
    [tx.insert(commissionEvents).values(events), ...notices, resultWrite(tx, actor.id, input.idempotencyKey, result)],
  );
  return { ...result, commission: inserted };
}

export type TransitionInput = { commissionId: number; note?: string | null; units?: number | null };

const LINK_WORKER_MESSAGES: Partial<Record<CommissionAction, string>> = {
  approve: 'approved',
  reject: 'rejected',
  accept: 'accepted',
  decline: 'declined',
  complete: 'completed',
};

/** Takes one lifecycle action on a commission, with its money, timeline, audit and notices. */
export async function transitionCommission(
  tx: Tx,
  actor: Viewer,
  action: CommissionAction,
  input: TransitionInput,
): Promise<{ commissionId: number }> {
  // Lock the commission: concurrent actions on it run one after the other.
  const [c] = await tx
    .select()
    .from(commissions)
    .where(and(eq(commissions.id, input.commissionId), eq(commissions.zoneId, actor.zoneId)))
    .for('update');
  if (!c) throw new NotFoundError('Commission');
  // A provider must not learn of commissions not addressed to it, nor of its own before approval
  // (as Commission's node rule): not "cannot accept from REQUESTED".
  if (actor.role === 'PROVIDER' && (actor.organisationId !== c.organisationId || c.approvedAt === null))
    throw new NotFoundError('Commission');

  const rule = TRANSITIONS[action];
  const allowed =
    (actor.role === 'COMMISSIONER' && rule.by.includes('COMMISSIONER')) ||
    (actor.role === 'PROVIDER' && rule.by.includes('PROVIDER') && actor.organisationId === c.organisationId) ||
    (actor.role === 'LINK_WORKER' && rule.by.includes('LINK_WORKER') && actor.id === c.linkWorkerId);
  if (!allowed) {
    throw new ForbiddenError(
      `You cannot ${action === 'recordDelivery' ? 'record delivery on' : action} this commission`,
    );
  }
  if (c.pausedAt && !ALLOWED_WHILE_PAUSED.includes(action)) throw new CommissionPausedError();
  const to = nextStatus(c.status, action, c.pausedAt ? c : null);
  if (!to) throw new InvalidTransitionError(c.status, action === 'recordDelivery' ? 'record delivery on' : action);

  let unitsDelivered = c.unitsDelivered;
  if (action === 'recordDelivery') {
    const units = input.units ?? 0;
    if (units < 1 || unitsDelivered + units > c.units) {
      throw ValidationError.field(
        ['input', 'units'],
        `Units delivered can be at most ${c.units - unitsDelivered} more (of ${c.units} commissioned)`,
      );
    }
    unitsDelivered += units;
  }

  if (action === 'approve') await checkStretchApproval(tx, c);
  // A contract's places go back when the commission is refused, declined or cancelled before the
  // provider took the child on; once taken up they stay used and paid (freePlaces).
  if (['REJECTED', 'DECLINED', 'CANCELLED'].includes(to)) await freePlaces(tx, c, actor.id);
  // Accepting takes a place on the listing, leaving ACCEPTED frees it: same transaction, conditional UPDATE.
  const places = placeChange(c.status, to);
  if (places !== 0) await movePlace(tx, c.serviceId, places);

  await tx
    .update(commissions)
    .set({
      status: to,
      unitsDelivered,
      updatedAt: new Date(),
      ...(to === 'APPROVED' ? { approvedAt: new Date() } : {}),
    })
    .where(eq(commissions.id, c.id));
  await settle(
    tx,
    { zoneId: c.zoneId, budgetId: c.budgetId, commissionId: c.id, actorId: actor.id, reason: `${action} commission` },
    settlement(to === c.status ? c.status : to, { ...c, unitsDelivered }),
  );
  const eventName = action === 'recordDelivery' ? 'DELIVERY_RECORDED' : to;
  const note =
    action === 'recordDelivery'
      ? `${input.units} units delivered${input.note ? `: ${input.note}` : ''}`
      : c.pausedAt && c.status === 'ACCEPTED'
        ? `Ended while paused, ${c.unitsDelivered} of ${c.units} units delivered${input.note ? `: ${input.note}` : ''}`
        : (input.note ?? '');
  await tx
    .insert(commissionEvents)
    .values({ commissionId: c.id, action: eventName, fromStatus: c.status, toStatus: to, actorId: actor.id, note });
  await audit(tx, {
    zoneId: c.zoneId,
    actorId: actor.id,
    action: `${action.replace(/[A-Z]/g, (m) => `_${m}`).toUpperCase()}_COMMISSION`,
    entityType: 'Commission',
    entityId: c.id,
    detail: { from: c.status, to, ...(input.units ? { units: input.units } : {}) },
  });

  const said = LINK_WORKER_MESSAGES[action];
  if (said) {
    await notify(tx, [c.linkWorkerId], {
      kind: `COMMISSION_${to}`,
      message: `Commission ${said}${input.note ? `: ${input.note}` : ''}`,
      commission: c,
    });
  }
  // A commissioner's cancel is news to the child's link worker; their own cancel is not.
  if (action === 'cancel' && actor.id !== c.linkWorkerId) {
    await notify(tx, [c.linkWorkerId], {
      kind: 'COMMISSION_CANCELLED',
      message: `Commission cancelled by a commissioner${input.note ? `: ${input.note}` : ''}`,
      commission: c,
    });
  }
  if (action === 'approve') {
    await notify(tx, await staffOf(tx, { organisationId: c.organisationId }), {
      kind: 'COMMISSION_APPROVED',
      message: `New commission ${c.reference} approved: ${c.units} units (${formatPence(c.amountPence)})`,
      commission: c,
    });
  }
  if (action === 'cancel' && c.pausedAt && c.approvedAt) {
    // Paused, the provider learns the reference only (as when it was paused): no note, no link to it.
    await notify(tx, await staffOf(tx, { organisationId: c.organisationId }), {
      kind: 'COMMISSION_CANCELLED',
      message: `Commission ${c.reference} has ended`,
      link: { path: '/provider/commissions', reference: c.reference },
    });
  } else if (action === 'cancel' && c.status === 'APPROVED') {
    // The reason, often about the child and family, stays with them (as on the provider's timeline).
    await notify(tx, await staffOf(tx, { organisationId: c.organisationId }), {
      kind: 'COMMISSION_CANCELLED',
      message: `Commission ${c.reference} was cancelled`,
      commission: c,
    });
  }
  return { commissionId: c.id };
}
