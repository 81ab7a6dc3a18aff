import { describe, expect, it } from 'vitest';
import { isLate, outcomeSchedule, scheduleState, scheduleWindows } from '../../schema/domain/outcome-schedule';

const child = { programmeStart: '2025-09-01', programmeEnd: '2027-08-31' };
const settings = { baselineWeeks: 6, followUpMonths: [12, 24] };

describe('outcome schedule (hand-computed dates)', () => {
  it('baseline within 6 weeks of the start, follow-ups at 12 and 24 months (open 4 weeks early, late 6 weeks after)', () => {
    expect(scheduleWindows(child.programmeStart, child.programmeEnd, settings)).toEqual([
      { label: 'Baseline', opensOn: '2025-08-04', dueBy: '2025-10-13' },
      { label: '12 months', opensOn: '2026-08-04', dueBy: '2026-10-13' },
      { label: '24 months', opensOn: '2027-08-04', dueBy: '2027-10-13' },
    ]);
    // Zone-configurable: a 4-week baseline and one follow-up at 6 months.
    expect(scheduleWindows('2026-01-31', '2026-12-31', { baselineWeeks: 4, followUpMonths: [6] })).toEqual([
      { label: 'Baseline', opensOn: '2026-01-03', dueBy: '2026-02-28' },
      { label: '6 months', opensOn: '2026-07-03', dueBy: '2026-08-28' },
    ]);
  });

  it('done, due, overdue and upcoming on a given day', () => {
    const statuses = (dates: string[], today: string) =>
      outcomeSchedule(child, dates, settings, today).map((p) => p.status);
    expect(statuses(['2025-09-15', '2026-09-15'], '2026-11-30')).toEqual(['DONE', 'DONE', 'UPCOMING']);
    expect(statuses(['2025-09-15'], '2026-08-10')).toEqual(['DONE', 'DUE', 'UPCOMING']);
    expect(statuses(['2025-09-15'], '2026-10-14')).toEqual(['DONE', 'OVERDUE', 'UPCOMING']);
    expect(statuses([], '2025-10-13')).toEqual(['DUE', 'UPCOMING', 'UPCOMING']);
    expect(scheduleState(outcomeSchedule(child, ['2025-09-15'], settings, '2026-10-14'))).toBe('OVERDUE');
    expect(scheduleState(outcomeSchedule(child, ['2025-09-15'], settings, '2026-08-10'))).toBe('DUE');
    expect(scheduleState(outcomeSchedule(child, ['2025-09-15', '2026-09-15'], settings, '2026-11-30'))).toBe(
      'UP_TO_DATE',
    );
  });

  it('late: a score that fills a point after its window closed; an extra score is not late', () => {
    expect(isLate(child, [], '2025-10-13', settings)).toBe(false);
    expect(isLate(child, [], '2025-11-01', settings)).toBe(true);
    expect(isLate(child, ['2025-09-15'], '2025-11-01', settings)).toBe(false);
    expect(isLate(child, ['2025-09-15'], '2026-11-20', settings)).toBe(true);
    expect(isLate(child, ['2025-09-15', '2026-09-15'], '2026-11-20', settings)).toBe(false);
  });
});
