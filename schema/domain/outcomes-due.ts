import type { Context } from '../context';
import { outcomeSchedule, scheduleState } from './outcome-schedule';

// Which of a link worker's children have an outcome measure due or overdue today. The schedule
// is plain date arithmetic in outcome-schedule.ts (a score fills the earliest point it can), so
// it is worked out here for one caseload (one statement) and the list is then filtered in SQL by
// these ids. Kept per request, so the page and its count share one read.

const perRequest = new WeakMap<Context, Promise<number[]>>();

export function dueChildIds(ctx: Context, linkWorkerId: number): Promise<number[]> {
  let ids = perRequest.get(ctx);
  if (!ids) {
    ids = read(ctx, linkWorkerId);
    perRequest.set(ctx, ids);
  }
  return ids;
}

async function read(ctx: Context, linkWorkerId: number): Promise<number[]> {
  const today = ctx.now().toISOString().slice(0, 10);
  const rows = await ctx.db.query.children.findMany({
    columns: { id: true, programmeStart: true, programmeEnd: true },
    where: { linkWorkerId, status: 'ACTIVE' },
    with: {
      zone: { columns: { outcomeBaselineWeeks: true, outcomeFollowUpMonths: true } },
      outcomeMeasures: { columns: { measuredOn: true } },
    },
  });
  return rows
    .filter(
      (c) =>
        scheduleState(
          outcomeSchedule(
            c,
            c.outcomeMeasures.map((m) => m.measuredOn),
            { baselineWeeks: c.zone.outcomeBaselineWeeks, followUpMonths: c.zone.outcomeFollowUpMonths },
            today,
          ),
        ) !== 'UP_TO_DATE',
    )
    .map((c) => c.id);
}
