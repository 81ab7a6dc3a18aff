import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { jobRuns, outcomeReminders } from '../../drizzle/schema';
import { notify } from './audit';
import { outcomeSchedule } from './outcome-schedule';
import { rowsOf } from './rows';
import { inTransaction } from './transaction';
import { londonDate } from './working-days';

// Outcome schedule reminders (issue 12, point 2): the link worker is told, in the portal and by
// email (their email preferences apply: straight away, daily summary or off), when a child's
// outcome measure becomes due (its window opens) and again when it is overdue (its window closed
// with no score). Once each per child and scheduled point: the outcome_reminders primary key. The
// emails name the child's reference and link to their page, never their name.

export type OutcomeRemindersResult = { ran: boolean; due: number; overdue: number };

export async function runOutcomeReminders(
  db: Db,
  options: { minIntervalMinutes: number; now?: Date },
): Promise<OutcomeRemindersResult> {
  const now = options.now ?? new Date();
  const result: OutcomeRemindersResult = { ran: false, due: 0, overdue: 0 };
  const claimed = await inTransaction(db, async (tx) => {
    await tx
      .insert(jobRuns)
      .values({ name: 'outcome-reminders', lastRunAt: new Date(0) })
      .onConflictDoNothing();
    const [last] = rowsOf(
      await tx.execute(sql`select "lastRunAt" from job_runs where name = 'outcome-reminders' for update`),
    );
    if (now.getTime() - new Date(String(last?.lastRunAt)).getTime() < options.minIntervalMinutes * 60_000) return false;
    await tx.update(jobRuns).set({ lastRunAt: now }).where(eq(jobRuns.name, 'outcome-reminders'));
    return true;
  });
  if (!claimed) return result;
  result.ran = true;
  const today = londonDate(now);
  // Children still on their programme (or within its last follow-up window), not anonymised.
  const active = await db.query.children.findMany({
    columns: { id: true, reference: true, linkWorkerId: true, programmeStart: true, programmeEnd: true },
    where: { status: 'ACTIVE', anonymisedAt: { isNull: true } },
    with: {
      zone: { columns: { outcomeBaselineWeeks: true, outcomeFollowUpMonths: true } },
      outcomeMeasures: { columns: { measuredOn: true } },
      outcomeReminders: { columns: { point: true, dueBy: true, kind: true } },
    },
    orderBy: { id: 'asc' },
  });
  for (const child of active) {
    const given = new Set(child.outcomeReminders.map((r) => `${r.point}|${r.dueBy}|${r.kind}`));
    const points = outcomeSchedule(
      child,
      child.outcomeMeasures.map((m) => m.measuredOn),
      { baselineWeeks: child.zone.outcomeBaselineWeeks, followUpMonths: child.zone.outcomeFollowUpMonths },
      today,
    );
    for (const p of points) {
      if (p.status !== 'DUE' && p.status !== 'OVERDUE') continue;
      if (given.has(`${p.label}|${p.dueBy}|${p.status}`)) continue;
      const kind = p.status;
      const sent = await inTransaction(db, async (tx) => {
        // The key decides: a run elsewhere that got here first wins, and this one does nothing.
        const [row] = await tx
          .insert(outcomeReminders)
          .values({ childId: child.id, point: p.label, dueBy: p.dueBy, kind })
          .onConflictDoNothing()
          .returning({ childId: outcomeReminders.childId });
        if (!row) return false;
        const by = new Date(`${p.dueBy}T12:00:00Z`).toLocaleDateString('en-GB', {
          day: 'numeric',
          month: 'long',
          year: 'numeric',
          timeZone: 'UTC',
        });
        await notify(tx, [child.linkWorkerId], {
          kind: `OUTCOME_${kind}`,
          message:
            kind === 'DUE'
              ? `${p.label} outcome measure due for child ${child.reference}: record it by ${by}`
              : `${p.label} outcome measure overdue for child ${child.reference} (due by ${by}); it will be marked late`,
          // Said in the email too: a child with two measures due gets two emails that differ.
          child: {
            id: child.id,
            reference: child.reference,
            detail: `The ${p.label.toLowerCase()} measure, due by ${by}.`,
          },
        });
        return true;
      });
      if (sent && kind === 'DUE') result.due++;
      if (sent && kind === 'OVERDUE') result.overdue++;
    }
  }
  return result;
}
