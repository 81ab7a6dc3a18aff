import { and, eq, inArray } from 'drizzle-orm';
import { children, commissionEvents, commissions, users } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit, notify } from './audit';
import { PROGRAMME_IS_THE_LINK_WORKERS } from './child-refusals';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import { settle } from './ledger';
import type { Tx } from './transaction';

// A child leaves the programme: WITHDRAWN (left early) or COMPLETED. Policy, chosen so nothing is
// left half-done: a commission the provider has ACCEPTED is being delivered, and only the provider
// can complete it, so leaving is refused while any is (a paused one: until cancelled); commissions not yet accepted (REQUESTED,
// APPROVED) are cancelled in the same transaction, their reservations released through the ledger
// and the providers of approved ones told. The child's history (budget, ledger, commissions,
// outcomes) stays; the child leaves the active caseload.

export const OPEN: ('REQUESTED' | 'APPROVED')[] = ['REQUESTED', 'APPROVED'];

export async function endProgramme(
  tx: Tx,
  actor: Viewer,
  input: { childId: number; status: 'WITHDRAWN' | 'COMPLETED'; reason: string },
): Promise<{ childId: number; cancelled: number; releasedPence: number }> {
  const [child] = await tx
    .select({ id: children.id, status: children.status, linkWorkerId: children.linkWorkerId })
    .from(children)
    .where(and(eq(children.id, input.childId), eq(children.zoneId, actor.zoneId)))
    .for('update');
  if (!child) throw new NotFoundError('Child');
  if (actor.role === 'LINK_WORKER' && child.linkWorkerId !== actor.id) {
    throw new ForbiddenError(PROGRAMME_IS_THE_LINK_WORKERS);
  }
  if (child.status !== 'ACTIVE')
    throw ValidationError.field(
      ['input', 'childId'],
      `The child has already ${child.status.toLowerCase()} the programme`,
    );

  const live = await tx
    .select()
    .from(commissions)
    .where(and(eq(commissions.childId, child.id), inArray(commissions.status, [...OPEN, 'ACCEPTED'])))
    .for('update');
  // A paused one (consent withdrawn) the link worker can end by cancelling it. Not done here: it
  // pays the provider for units delivered, a decision taken on that commission, visibly.
  const paused = live.filter((c) => c.status === 'ACCEPTED' && c.pausedAt);
  if (paused.length > 0)
    throw ValidationError.field(
      ['input', 'childId'],
      `Paused while a provider was delivering (${paused.map((c) => c.reference).join(', ')}): cancel ${
        paused.length === 1 ? 'it' : 'them'
      } first (units delivered are paid, the rest released)`,
    );
  const delivering = live.filter((c) => c.status === 'ACCEPTED');
  if (delivering.length > 0)
    throw ValidationError.field(
      ['input', 'childId'],
      `${delivering.length === 1 ? 'A provider is' : `${delivering.length} providers are`} still delivering (${delivering
        .map((c) => c.reference)
        .join(', ')}): they must complete it first`,
    );

  // The status first: money released on a closed period's budget then returns rather than carries.
  await tx.update(children).set({ status: input.status }).where(eq(children.id, child.id));
  let releasedPence = 0;
  for (const c of live) {
    await tx.update(commissions).set({ status: 'CANCELLED', updatedAt: new Date() }).where(eq(commissions.id, c.id));
    await settle(
      tx,
      {
        zoneId: c.zoneId,
        budgetId: c.budgetId,
        commissionId: c.id,
        actorId: actor.id,
        reason: 'child left the programme',
      },
      { spend: 0, release: c.amountPence },
    );
    releasedPence += c.amountPence;
    const note = `The child ${input.status === 'WITHDRAWN' ? 'was withdrawn from' : 'completed'} the programme`;
    await tx.insert(commissionEvents).values({
      commissionId: c.id,
      action: 'CANCELLED',
      fromStatus: c.status,
      toStatus: 'CANCELLED',
      actorId: actor.id,
      note,
    });
    await audit(tx, {
      zoneId: c.zoneId,
      actorId: actor.id,
      action: 'CANCEL_COMMISSION',
      entityType: 'Commission',
      entityId: c.id,
      detail: { from: c.status, to: 'CANCELLED', because: input.status },
    });
    if (c.status === 'APPROVED') {
      const staff = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.organisationId, c.organisationId), eq(users.role, 'PROVIDER'), eq(users.active, true)));
      await notify(
        tx,
        staff.map((s) => s.id),
        { kind: 'COMMISSION_CANCELLED', message: `Commission cancelled: ${note}`, commission: c },
      );
    }
  }

  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: input.status === 'WITHDRAWN' ? 'WITHDRAW_CHILD' : 'COMPLETE_CHILD_PROGRAMME',
    entityType: 'Child',
    entityId: child.id,
    detail: { reason: input.reason, cancelledCommissions: live.map((c) => c.id), releasedPence },
  });
  return { childId: child.id, cancelled: live.length, releasedPence };
}
