import { and, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { childConsents, children, commissionEvents, commissions, users } from '../../drizzle/schema';
import type { Viewer } from '../context';
import { audit, notify } from './audit';
import { CONSENT_IS_THE_LINK_WORKERS } from './child-refusals';
import { PAUSABLE } from './commission-machine';
import { ForbiddenError, NotFoundError, ValidationError } from './errors';
import type { Tx } from './transaction';
import { londonDate } from './working-days';

// The family's consent to share the child's details with providers (issue 14, point 5).
// History is append-only (a trigger refuses changes); the newest row says what is in force.
// Withdrawing pauses the child's open commissions (commissions.pausedAt, status and reservation
// unchanged); recording consent again resumes them.

type Row = typeof childConsents.$inferSelect;
export type ConsentGiver = NonNullable<Row['givenBy']>;
export type ConsentMethod = NonNullable<Row['method']>;
export type ConsentPurpose = Row['purposes'][number];

export type RecordConsentInput = {
  childId: number;
  givenBy: ConsentGiver;
  method: ConsentMethod;
  givenOn: string;
  purposes: ConsentPurpose[];
  note?: string | null;
};
export type WithdrawConsentInput = { childId: number; withdrawnOn: string; reason: string };

/** The timeline step of a resumed commission: a waiting one's response window starts again there. */
export const RESUMED = 'RESUMED';

/**
 * SQL for "the newest consent row's action" of the children row in the statement, for
 * one-statement reads (table-qualified by hand: drizzle leaves single-table columns bare, which
 * would bind to child_consents inside the subquery).
 */
export const latestConsentAction = sql<
  'GIVEN' | 'WITHDRAWN' | null
>`(select cc."action" from "child_consents" cc where cc."childId" = "children"."id" order by cc."id" desc limit 1)`;

/** The child, locked against concurrent consent changes and raises, if it is the actor's to manage. */
/** What pausing or resuming reports of each commission it changed: for the timeline and the providers. */
const CHANGED_COMMISSION = {
  id: commissions.id,
  reference: commissions.reference,
  status: commissions.status,
  organisationId: commissions.organisationId,
  approvedAt: commissions.approvedAt,
};

async function lockChild(tx: Tx, actor: Viewer, childId: number) {
  const [child] = await tx
    .select({
      id: children.id,
      zoneId: children.zoneId,
      linkWorkerId: children.linkWorkerId,
      reference: children.reference,
      dateOfBirth: children.dateOfBirth,
    })
    .from(children)
    .where(and(eq(children.id, childId), eq(children.zoneId, actor.zoneId)))
    .for('no key update');
  if (!child) throw new NotFoundError('Child');
  if (actor.role !== 'LINK_WORKER' || child.linkWorkerId !== actor.id)
    throw new ForbiddenError(CONSENT_IS_THE_LINK_WORKERS);
  const [latest] = await tx
    .select()
    .from(childConsents)
    .where(eq(childConsents.childId, child.id))
    .orderBy(desc(childConsents.id))
    .limit(1);
  return { child, latest };
}

function checkDate(path: string[], day: string, now: Date, notBefore?: string | null, since = 'consent was given') {
  if (day > londonDate(now)) throw ValidationError.field(path, 'The date must be today or in the past');
  if (notBefore && day < notBefore)
    throw ValidationError.field(path, `The date must be on or after the day ${since} (${notBefore})`);
}

async function timeline(tx: Tx, actor: Viewer, rows: { id: number; status: string }[], action: string, note: string) {
  if (rows.length === 0) return;
  await tx.insert(commissionEvents).values(
    rows.map((c) => ({
      commissionId: c.id,
      action,
      fromStatus: c.status as never,
      toStatus: c.status as never,
      actorId: actor.id,
      note,
    })),
  );
}

async function providerStaff(tx: Tx, organisationId: number) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.organisationId, organisationId), eq(users.role, 'PROVIDER'), eq(users.active, true)));
  return rows.map((r) => r.id);
}

async function tellProviders(
  tx: Tx,
  rows: { id: number; reference: string; organisationId: number; approvedAt: Date | null }[],
  kind: string,
  message: (reference: string) => string,
) {
  for (const c of rows) {
    if (!c.approvedAt) continue; // not yet addressed to the provider
    // Paused, the commission is no longer the provider's to open: the email links to their list of
    // commissions, whose Paused box shows the reference (a link to the commission said "not found").
    await notify(tx, await providerStaff(tx, c.organisationId), {
      kind,
      message: message(c.reference),
      ...(kind === 'COMMISSION_PAUSED'
        ? { link: { path: '/provider/commissions', reference: c.reference } }
        : { commission: c }),
    });
  }
}

/** Records consent given; resumes the child's paused commissions. */
export async function recordConsent(tx: Tx, actor: Viewer, input: RecordConsentInput, now: Date) {
  const { child, latest } = await lockChild(tx, actor, input.childId);
  // Not before the child was born: a typo like 1900 would otherwise stand in the history for good.
  checkDate(['input', 'givenOn'], input.givenOn, now, child.dateOfBirth, 'the child was born');
  // Nor before the withdrawal it answers: the history would read consent given before it was withdrawn.
  if (latest?.action === 'WITHDRAWN')
    checkDate(['input', 'givenOn'], input.givenOn, now, latest.effectiveOn, 'consent was withdrawn');
  const purposes = [...new Set<ConsentPurpose>(['SHARE_WITH_PROVIDERS', ...input.purposes])];
  await tx.insert(childConsents).values({
    zoneId: child.zoneId,
    childId: child.id,
    action: 'GIVEN',
    givenBy: input.givenBy,
    method: input.method,
    purposes,
    effectiveOn: input.givenOn,
    note: input.note?.trim() ?? '',
    recordedById: actor.id,
  });
  // A resumed commission waiting for the provider gets a fresh response window (approvedAt).
  const resumed = await tx
    .update(commissions)
    .set({
      pausedAt: null,
      updatedAt: now,
      approvedAt: sql`case when ${commissions.status} = 'APPROVED' then ${now.toISOString()}::timestamptz else ${commissions.approvedAt} end`,
    })
    .where(and(eq(commissions.childId, child.id), isNotNull(commissions.pausedAt)))
    .returning(CHANGED_COMMISSION)
    // One ended while paused (cancelled, or settled for the units delivered) is unpaused too, so its
    // provider can read it again, but it does not resume: no timeline step, no "has resumed" notice.
    .then((rows) => rows.filter((r) => PAUSABLE.includes(r.status)));
  await timeline(tx, actor, resumed, RESUMED, 'Resumed: the family’s consent to share details is recorded again');
  await tellProviders(tx, resumed, 'COMMISSION_RESUMED', (r) => `Commission ${r} has resumed`);
  await audit(tx, {
    zoneId: child.zoneId,
    actorId: actor.id,
    action: 'RECORD_CONSENT',
    entityType: 'Child',
    entityId: child.id,
    detail: {
      childReference: child.reference,
      givenBy: input.givenBy,
      method: input.method,
      givenOn: input.givenOn,
      purposes,
      resumed: resumed.map((c) => c.reference),
    },
  });
  return { childId: child.id, resumed: resumed.length };
}

/** Records consent withdrawn; pauses the child's open commissions. */
export async function withdrawConsent(tx: Tx, actor: Viewer, input: WithdrawConsentInput, now: Date) {
  const { child, latest } = await lockChild(tx, actor, input.childId);
  if (latest?.action !== 'GIVEN')
    throw ValidationError.field(['input', 'childId'], 'There is no consent in force to withdraw');
  checkDate(['input', 'withdrawnOn'], input.withdrawnOn, now, latest.effectiveOn);
  await tx.insert(childConsents).values({
    zoneId: child.zoneId,
    childId: child.id,
    action: 'WITHDRAWN',
    effectiveOn: input.withdrawnOn,
    reason: input.reason.trim(),
    recordedById: actor.id,
  });
  const paused = await tx
    .update(commissions)
    .set({ pausedAt: now, updatedAt: now })
    .where(
      and(eq(commissions.childId, child.id), inArray(commissions.status, [...PAUSABLE]), isNull(commissions.pausedAt)),
    )
    .returning(CHANGED_COMMISSION);
  // The reason stays on the consent row: it is about the family, so not in notes others read.
  await timeline(tx, actor, paused, 'PAUSED', 'Paused: the family withdrew consent to share details');
  await tellProviders(tx, paused, 'COMMISSION_PAUSED', (r) => `Commission ${r} is paused`);
  await audit(tx, {
    zoneId: child.zoneId,
    actorId: actor.id,
    action: 'WITHDRAW_CONSENT',
    entityType: 'Child',
    entityId: child.id,
    detail: {
      childReference: child.reference,
      withdrawnOn: input.withdrawnOn,
      paused: paused.map((c) => c.reference),
    },
  });
  return { childId: child.id, paused: paused.length };
}
