import { isCalendarDateText } from '../calendar-date';
import { ORUK_DAYS } from './ids';
import { cutNoted, noPlaceNotes, quoted } from './record-notes';

// An Open Referral UK schedule (the iCal subset the standard uses: freq WEEKLY or MONTHLY,
// interval, dtstart, byday with occurrences such as "1MO", bymonthday) read from a feed and
// written back with the same meaning. Plain functions: no database.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** One schedule as we keep it. The rule's fields are left out when they are the plain weekly
 * default, so a weekly record's snapshot is what earlier runs wrote. */
export type ImportedSchedule = {
  /** The feed's schedule id: our UUID for it derives from it (write-services.ts); not in the snapshot. */
  externalId?: string;
  byDay: string[];
  opensAt: string | null;
  closesAt: string | null;
  validFrom: string | null;
  validTo: string | null;
  description: string;
  freq?: 'MONTHLY';
  interval?: number;
  dtstart?: string;
  byMonthDay?: number[];
  byDayInMonth?: string[];
};

export type ScheduleRow = Omit<
  ImportedSchedule,
  'externalId' | 'freq' | 'interval' | 'dtstart' | 'byMonthDay' | 'byDayInMonth'
> & {
  uuid: string;
  freq: string;
  interval: number;
  dtstart: string | null;
  byMonthDay: number[];
  byDayInMonth: string[];
};

// HH:MM, its hour perhaps one digit ("9:00"), perhaps with seconds and a UTC offset ("09:00:00Z",
// "09:00-05:00", as the standard asks); the time of day is kept, the offset is not.
const TIME = /^(\d{1,2}):([0-5]\d)(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d{2}(?::?\d{2})?)?$/i;
function time(v: unknown): string | null {
  const m = TIME.exec(str(v));
  return m && Number(m[1]) <= 23 ? `${m[1]!.padStart(2, '0')}:${m[2]}` : null;
}
export function date(v: unknown): string | null {
  // Date.parse rolls 2026-02-30 over to 2 March; a day the calendar lacks is no date at all.
  const m = /^\d{4}-\d{2}-\d{2}/.exec(str(v));
  return m && isCalendarDateText(m[0]) ? m[0] : null;
}

const DAY_TOKEN = /^([+-]?\d+)?([A-Z]{2})$/;

/** The longest description a schedule holds. */
export const SCHEDULE_DESCRIPTION = 300;

/** A description named by its venue: "At Venue a: Term time only" ("At Venue a" when it says nothing). */
export const labelled = (label: string, description: string) => [label, description].filter(Boolean).join(': ');

/** One feed schedule, or the reason its record is refused (a rule we would have to change).
 * A byday token naming no day is left out, and `notes` says so. `label` (a venue's "At Venue a")
 * is put before the description later (venues.ts): room is left for it here, so the text is cut once. */
export function scheduleFromOruk(
  x: Json,
  position: number,
  notes: string[] = [],
  label = '',
): ImportedSchedule | string {
  const where = `schedule ${position + 1}`;
  const monthly = x.freq === 'MONTHLY';
  const interval = x.interval ?? 1;
  if (typeof interval !== 'number' || !Number.isInteger(interval) || interval < 1 || interval > 99)
    return `${where}: interval ${JSON.stringify(x.interval)} is not a whole number from 1 to 99`;
  const days = new Set<string>();
  const inMonth: string[] = [];
  const noDay: string[] = [];
  for (const token of str(x.byday).toUpperCase().split(',')) {
    const m = DAY_TOKEN.exec(token.trim());
    if (!m || !(ORUK_DAYS as readonly string[]).includes(m[2]!)) {
      if (token.trim()) noDay.push(token.trim());
      continue;
    }
    const occurrence = m[1] ? Number(m[1]) : null;
    if (monthly && occurrence != null && (occurrence === 0 || Math.abs(occurrence) > 5))
      return `${where}: byday ${token.trim()} names no week of a month (1 to 5, or -1 to -5 from its end)`;
    days.add(m[2]!);
    // An occurrence means something only in a month; a weekly rule's is ignored, as iCal does.
    if (monthly && !inMonth.includes(`${occurrence ?? ''}${m[2]}`)) inMonth.push(`${occurrence ?? ''}${m[2]}`);
  }
  const monthDays: number[] = [];
  for (const token of str(x.bymonthday)
    .split(',')
    .filter((t) => t.trim())) {
    const day = /^[+-]?\d{1,2}$/.test(token.trim()) ? Number(token) : Number.NaN;
    if (!(Math.abs(day) >= 1 && Math.abs(day) <= 31))
      return `${where}: bymonthday ${token.trim()} is not a day of a month (1 to 31, or -1 to -31 from its end)`;
    if (!monthDays.includes(day)) monthDays.push(day);
  }
  // A value given but not read is dropped and said: "5:30pm" or "99:99" is no time we can keep.
  const read = <T>(field: string, value: T | null, like: string): T | null => {
    if (value == null && str(x[field])) notes.push(`${where}: ${field} ${quoted(str(x[field]))} not imported: ${like}`);
    return value;
  };
  const aTime = 'not a time of day like 09:30 (24-hour clock)';
  const aDate = 'not a date on the calendar like 2026-01-31';
  let opensAt = read('opens_at', time(x.opens_at), aTime);
  let closesAt = read('closes_at', time(x.closes_at), aTime);
  // An opening past midnight (22:00 to 02:00) has no place in our times (opens before it
  // closes): it is kept in words, not lost.
  let overnight = '';
  if (opensAt && closesAt && opensAt >= closesAt) {
    overnight = `${opensAt} to ${closesAt}${opensAt > closesAt ? ' the next day' : ''}`;
    [opensAt, closesAt] = [null, null];
  }
  let validFrom = read('valid_from', date(x.valid_from), aDate);
  let validTo = read('valid_to', date(x.valid_to), aDate);
  // Which end is wrong cannot be told: neither is kept.
  if (validFrom && validTo && validFrom > validTo) {
    notes.push(`${where}: valid_from ${validFrom} is after valid_to ${validTo}: neither imported`);
    [validFrom, validTo] = [null, null];
  }
  // Both the description and the notes ("Closed on bank holidays") are kept, in words.
  const said = [...new Set([str(x.description), str(x.notes)])].concat(overnight).filter(Boolean).join('; ');
  notes.push(...noPlaceNotes(x, 'schedule', `${where}:`));
  // "At Venue a: " goes before it; some of the feed's own text is kept whatever the label.
  const room = label ? Math.max(SCHEDULE_DESCRIPTION - `${label}: `.length, 60) : SCHEDULE_DESCRIPTION;
  const description = cutNoted(said, room, `${where}: description`, notes);
  const dtstart = read('dtstart', date(x.dtstart), aDate);
  // A schedule left with no day says nothing: it is not imported (schedulesFromOruk), its times neither.
  const says = days.size || (monthly && monthDays.length) || description;
  const outcome = says ? 'left out' : 'schedule not imported';
  if (noDay.length)
    notes.push(
      days.size
        ? `${where}: byday ${quoted(str(x.byday))}: ${quoted(noDay.join(','))} names no day: ${outcome}`
        : `${where}: byday ${quoted(str(x.byday))} names no day: ${outcome}`,
    );
  else if (!says && (opensAt || closesAt))
    notes.push(`${where}: opening times ${[opensAt, closesAt].filter(Boolean).join(' to ')} but no day: ${outcome}`);
  return {
    ...(str(x.id) ? { externalId: str(x.id).toLowerCase() } : {}),
    byDay: [...days],
    opensAt,
    closesAt,
    validFrom,
    validTo,
    description,
    ...(monthly ? { freq: 'MONTHLY' as const } : {}),
    ...(interval !== 1 ? { interval } : {}),
    ...(dtstart ? { dtstart } : {}),
    ...(monthly && monthDays.length ? { byMonthDay: monthDays } : {}),
    ...(inMonth.some((d) => /\d/.test(d)) ? { byDayInMonth: inMonth } : {}),
  };
}

/** A feed's schedules that say when (days, days of the month or words), or the reason to refuse;
 * `notes` says what was left out (prefixed by `where`, as "service_at_location 1, "). */
export function schedulesFromOruk(
  list: Json[],
  notes: string[] = [],
  where = '',
  label = '',
): ImportedSchedule[] | string {
  const out: ImportedSchedule[] = [];
  for (const [i, x] of list.entries()) {
    const own: string[] = [];
    const s = scheduleFromOruk(x, i, own, label);
    if (typeof s === 'string') return s;
    if (s.byDay.length || s.byMonthDay?.length || s.description) out.push(s);
    notes.push(...own.map((n) => `${where}${n}`));
  }
  return out;
}

/** Our schedule as an ORUK schedule of service `serviceId` (empty fields left out by the caller). */
export function scheduleToOruk(x: ScheduleRow, serviceId: string) {
  return {
    id: x.uuid,
    service_id: serviceId,
    // A schedule in words alone has no rule: no freq the feed never gave.
    freq: x.byDay.length || x.byMonthDay.length || x.byDayInMonth.length ? x.freq : null,
    interval: x.interval === 1 ? null : x.interval,
    dtstart: x.dtstart,
    byday: (x.byDayInMonth.length ? x.byDayInMonth : x.byDay).join(','),
    bymonthday: x.byMonthDay.join(','),
    opens_at: x.opensAt?.slice(0, 5) ?? null,
    closes_at: x.closesAt?.slice(0, 5) ?? null,
    valid_from: x.validFrom,
    valid_to: x.validTo,
    description: x.description,
  };
}
