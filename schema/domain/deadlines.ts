import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { commissionEvents, commissions, jobRuns, users, zones } from '../../drizzle/schema';
import { audit, notify } from './audit';
import { nextStatus, settlement } from './commission-machine';
import { RESUMED } from './consent';
import { freePlaces } from './contract-places';
import { settle } from './ledger';
import { longDate } from './long-date';
import { rowsOf } from './rows';
import { inTransaction, type Tx } from './transaction';
import { londonDate, responseDeadline } from './working-days';

// Response deadlines (issue 14, point 6). Once approved, a commission waits for its provider to
// accept or decline within the zone's working days: a reminder to the provider at half time, the
// link worker and commissioners told the day after the deadline, and after the grace period it
// lapses to EXPIRED and its reservation is released through the ledger. Each step is a timeline
// event, written once per response window (resuming restarts it): the job can run any number of times.

export const REMINDED = 'RESPONSE_REMINDER';
export const OVERDUE = 'RESPONSE_OVERDUE';

export type DeadlineStep = 'remind' | 'escalate' | 'expire' | null;
export type DeadlinesResult = { ran: boolean; reminded: number; escalated: number; expired: number };

/** What is due for one commission today, given the steps already taken. */
export function dueStep(
  today: string,
  deadline: ReturnType<typeof responseDeadline>,
  taken: { reminded: boolean; escalated: boolean },
): DeadlineStep {
  if (today > deadline.lapseAfter) return 'expire';
  if (today > deadline.respondBy) return taken.escalated ? null : 'escalate';
  if (today >= deadline.remindOn) return taken.reminded ? null : 'remind';
  return null;
}

async function staff(tx: Tx, c: { zoneId: number; organisationId: number }, who: 'provider' | 'commissioners') {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.active, true),
        who === 'provider'
          ? and(eq(users.organisationId, c.organisationId), eq(users.role, 'PROVIDER'))
          : and(eq(users.zoneId, c.zoneId), eq(users.role, 'COMMISSIONER')),
      ),
    );
  return rows.map((r) => r.id);
}

/** One commission's due step, in its own transaction, with the commission locked and re-read. */
async function step(db: Db, commissionId: number, today: string): Promise<DeadlineStep> {
  return inTransaction(db, async (tx) => {
    const [c] = await tx.select().from(commissions).where(eq(commissions.id, commissionId)).for('update');
    // Paused (consent withdrawn): no reminders and no lapse; resuming restarts the window.
    if (c?.status !== 'APPROVED' || !c.approvedAt || c.pausedAt) return null;
    const [zone] = await tx.select().from(zones).where(eq(zones.id, c.zoneId));
    const deadline = responseDeadline(c.approvedAt, zone!);
    // Only the steps of the current window count: resuming (consent given again) restarts the window
    // from a new approvedAt, so steps before the latest RESUMED event belong to an earlier one. By
    // event id, not time: approvedAt is the app's clock, an event's `at` the database's.
    const e = commissionEvents;
    const taken = await tx
      .select({ action: e.action })
      .from(e)
      .where(
        and(
          eq(e.commissionId, c.id),
          inArray(e.action, [REMINDED, OVERDUE]),
          sql`${e.id} > coalesce((select max(r.id) from ${e} r where r."commissionId" = ${c.id} and r.action = ${RESUMED}), 0)`,
        ),
      );
    const due = dueStep(today, deadline, {
      reminded: taken.some((t) => t.action === REMINDED),
      escalated: taken.some((t) => t.action === OVERDUE),
    });
    if (!due) return null;
    const by = longDate(deadline.respondBy);
    const commission = { id: c.id, reference: c.reference };
    if (due === 'remind') {
      await tx.insert(commissionEvents).values({
        commissionId: c.id,
        action: REMINDED,
        fromStatus: 'APPROVED',
        toStatus: 'APPROVED',
        actorId: null,
        note: `Reminder sent to the provider: accept or decline by ${by}`,
      });
      await notify(tx, await staff(tx, c, 'provider'), {
        kind: REMINDED,
        message: `Please accept or decline commission ${c.reference} by ${by}`,
        commission,
      });
    } else if (due === 'escalate') {
      await tx.insert(commissionEvents).values({
        commissionId: c.id,
        action: OVERDUE,
        fromStatus: 'APPROVED',
        toStatus: 'APPROVED',
        actorId: null,
        note: `The provider did not answer by ${by}`,
      });
      await notify(tx, [c.linkWorkerId, ...(await staff(tx, c, 'commissioners'))], {
        kind: OVERDUE,
        message: `The provider has not answered commission ${c.reference} (due ${by})`,
        commission,
      });
    } else {
      const to = nextStatus(c.status, 'expire')!;
      await tx.update(commissions).set({ status: to, updatedAt: new Date() }).where(eq(commissions.id, c.id));
      await freePlaces(tx, c, null);
      await settle(
        tx,
        {
          zoneId: c.zoneId,
          budgetId: c.budgetId,
          commissionId: c.id,
          actorId: null,
          reason: 'Lapsed: the provider did not answer',
        },
        settlement(to, c),
      );
      await tx.insert(commissionEvents).values({
        commissionId: c.id,
        action: to,
        fromStatus: c.status,
        toStatus: to,
        actorId: null,
        note: `Lapsed: the provider did not accept or decline by ${by}. The money it reserved has been released.`,
      });
      await audit(tx, {
        zoneId: c.zoneId,
        actorId: null,
        action: 'EXPIRE_COMMISSION',
        entityType: 'Commission',
        entityId: c.id,
        detail: { from: c.status, to, respondBy: deadline.respondBy, lapseAfter: deadline.lapseAfter },
      });
      await notify(
        tx,
        [c.linkWorkerId, ...(await staff(tx, c, 'commissioners')), ...(await staff(tx, c, 'provider'))],
        { kind: 'COMMISSION_EXPIRED', message: `Commission ${c.reference} lapsed without an answer`, commission },
      );
    }
    return due;
  });
}

/**
 * One run of the deadlines job: at most once per `minIntervalMinutes` across all processes (the
 * job_runs row lock, as housekeeping), then each APPROVED commission's due step.
 */
export async function runDeadlines(
  db: Db,
  options: { minIntervalMinutes: number; now?: Date },
): Promise<DeadlinesResult> {
  const now = options.now ?? new Date();
  const result: DeadlinesResult = { ran: false, reminded: 0, escalated: 0, expired: 0 };
  const claimed = await inTransaction(db, async (tx) => {
    await tx
      .insert(jobRuns)
      .values({ name: 'deadlines', lastRunAt: new Date(0) })
      .onConflictDoNothing();
    const [last] = rowsOf(await tx.execute(sql`select "lastRunAt" from job_runs where name = 'deadlines' for update`));
    if (now.getTime() - new Date(String(last?.lastRunAt)).getTime() < options.minIntervalMinutes * 60_000) return false;
    await tx.update(jobRuns).set({ lastRunAt: now }).where(eq(jobRuns.name, 'deadlines'));
    return true;
  });
  if (!claimed) return result;
  result.ran = true;
  const today = londonDate(now);
  const waiting = await db
    .select({
      id: commissions.id,
      approvedAt: commissions.approvedAt,
      responseWorkingDays: zones.responseWorkingDays,
      lapseGraceWorkingDays: zones.lapseGraceWorkingDays,
    })
    .from(commissions)
    .innerJoin(zones, eq(zones.id, commissions.zoneId))
    .where(and(eq(commissions.status, 'APPROVED'), isNull(commissions.pausedAt)))
    .orderBy(commissions.id);
  for (const { id, approvedAt, ...zone } of waiting) {
    // Nothing is due before half time: those are not locked at all.
    if (!approvedAt || today < responseDeadline(approvedAt, zone).remindOn) continue;
    const done = await step(db, id, today);
    if (done === 'remind') result.reminded++;
    if (done === 'escalate') result.escalated++;
    if (done === 'expire') result.expired++;
  }
  return result;
}
