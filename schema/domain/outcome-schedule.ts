// When outcomes are due: a baseline within N weeks of a child's programme start, then follow-ups
// at M months (per zone: outcomeBaselineWeeks, outcomeFollowUpMonths). Plain date arithmetic.

export type ScheduleSettings = { baselineWeeks: number; followUpMonths: number[] };
export type PointStatus = 'DONE' | 'DUE' | 'OVERDUE' | 'UPCOMING';
export type SchedulePoint = {
  label: string;
  opensOn: string;
  dueBy: string;
  status: PointStatus;
  doneOn: string | null;
};

/** A follow-up may be taken from this many weeks before its date; it is late after the same number after. */
export const FOLLOW_UP_EARLY_WEEKS = 4;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const addDays = (on: string, days: number) => {
  const d = new Date(`${on}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return iso(d);
};
const addMonths = (on: string, months: number) => {
  const d = new Date(`${on}T00:00:00Z`);
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return iso(d);
};

/** The windows: baseline [start - 4 weeks, start + weeks], each follow-up [date - 4 weeks, date + weeks], within the programme. */
export function scheduleWindows(programmeStart: string, programmeEnd: string, s: ScheduleSettings) {
  const windows = [
    {
      label: 'Baseline',
      opensOn: addDays(programmeStart, -7 * FOLLOW_UP_EARLY_WEEKS),
      dueBy: addDays(programmeStart, 7 * s.baselineWeeks),
    },
  ];
  for (const months of [...s.followUpMonths].sort((a, b) => a - b)) {
    const target = addMonths(programmeStart, months);
    if (target > addDays(programmeEnd, 7 * s.baselineWeeks)) continue;
    windows.push({
      label: `${months} months`,
      opensOn: addDays(target, -7 * FOLLOW_UP_EARLY_WEEKS),
      dueBy: addDays(target, 7 * s.baselineWeeks),
    });
  }
  return windows;
}

/** Each point's status on `today`, given the dates the child has scores on. */
export function outcomeSchedule(
  child: { programmeStart: string; programmeEnd: string },
  measuredOn: string[],
  s: ScheduleSettings,
  today: string,
): SchedulePoint[] {
  const windows = scheduleWindows(child.programmeStart, child.programmeEnd, s);
  const taken = new Set<string>();
  return windows.map((w, i) => {
    const next = windows[i + 1];
    // A score counts for the earliest point it can: inside the window, or late (after it closed,
    // before the next one opens).
    const done = [...measuredOn]
      .sort()
      .find((d) => !taken.has(d) && d >= w.opensOn && (!next || d < next.opensOn || d <= w.dueBy));
    if (done) taken.add(done);
    const status: PointStatus = done ? 'DONE' : today > w.dueBy ? 'OVERDUE' : today >= w.opensOn ? 'DUE' : 'UPCOMING';
    return { ...w, status, doneOn: done ?? null };
  });
}

/** A score that fills a point after its window closed is accepted and marked late; an extra one is not. */
export function isLate(
  child: { programmeStart: string; programmeEnd: string },
  earlier: string[],
  measuredOn: string,
  s: ScheduleSettings,
): boolean {
  const point = outcomeSchedule(child, [...earlier, measuredOn], s, measuredOn).find((p) => p.doneOn === measuredOn);
  return !!point && measuredOn > point.dueBy;
}

/** The caseload's summary: the worst state of any point. */
export function scheduleState(points: SchedulePoint[]): 'OVERDUE' | 'DUE' | 'UP_TO_DATE' {
  if (points.some((p) => p.status === 'OVERDUE')) return 'OVERDUE';
  if (points.some((p) => p.status === 'DUE')) return 'DUE';
  return 'UP_TO_DATE';
}
