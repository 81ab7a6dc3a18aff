import { describe, expect, it } from 'vitest';
import { type ImportedService, readOrukRecord } from '../../schema/domain/openreferral/from-oruk';
import { generateFeed } from '../oruk/generate-feed';

// A schedule's times and dates the feed gives but we cannot read are not dropped without a word
// (audit finding): "9:00" is read as 09:00; "5:30pm", "99:99" and a day the calendar lacks are
// left out, and the record's notes say which value and why.

const withSchedule = (schedule: Record<string, unknown>) => {
  const [record] = generateFeed(1, { brokenEvery: 1_000_000, prefix: 'schedule-values' }).services;
  return readOrukRecord({
    ...record,
    schedules: [{ id: crypto.randomUUID(), freq: 'WEEKLY', byday: 'MO', ...schedule }],
  }).service as ImportedService;
};

describe('schedule values as a feed writes them', () => {
  it('reads a one-digit hour, and times with seconds or a UTC offset', () => {
    const s = withSchedule({ opens_at: '9:00', closes_at: '17:30:00Z' });
    expect(s.schedules[0]).toMatchObject({ opensAt: '09:00', closesAt: '17:30' });
    expect(withSchedule({ opens_at: '09:00-05:00', closes_at: '9:45' }).schedules[0]).toMatchObject({
      opensAt: '09:00',
      closesAt: '09:45',
    });
    expect(s.notes ?? []).toEqual([]);
  });

  it('notes a time it cannot read, and keeps the rest of the schedule', () => {
    const s = withSchedule({ opens_at: '9:00', closes_at: '5:30pm' });
    expect(s.schedules[0]).toMatchObject({ byDay: ['MO'], opensAt: '09:00', closesAt: null });
    expect(s.notes).toContain(
      'schedule 1: closes_at "5:30pm" not imported: not a time of day like 09:30 (24-hour clock)',
    );
    expect(withSchedule({ opens_at: '99:99' }).notes).toContain(
      'schedule 1: opens_at "99:99" not imported: not a time of day like 09:30 (24-hour clock)',
    );
    // The hour must be one of the day's: "11:30pm" is not 11:30.
    expect(withSchedule({ opens_at: '11:30pm' }).schedules[0]!.opensAt).toBeNull();
  });

  it('notes a date the calendar lacks', () => {
    const s = withSchedule({ dtstart: '2024-02-30', valid_from: '2024-13-01', valid_to: '2024-12-31' });
    expect(s.schedules[0]).toMatchObject({ validFrom: null, validTo: '2024-12-31' });
    expect(s.schedules[0]!.dtstart).toBeUndefined();
    expect(s.notes).toEqual(
      expect.arrayContaining([
        'schedule 1: dtstart "2024-02-30" not imported: not a date on the calendar like 2026-01-31',
        'schedule 1: valid_from "2024-13-01" not imported: not a date on the calendar like 2026-01-31',
      ]),
    );
  });
});
