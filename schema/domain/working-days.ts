import BANK_HOLIDAYS from '../../data/bank-holidays.json';

// Working days in England and Wales: Monday to Friday, except the bank holidays in
// data/bank-holidays.json (GOV.UK's bank-holidays.json; data/README.md says how to refresh it).
// Dates are calendar dates in London, as 'YYYY-MM-DD' strings.

const HOLIDAYS = new Set(BANK_HOLIDAYS['england-and-wales'].events.map((e) => e.date));
/** Every bank holiday the file knows, 'YYYY-MM-DD' (for counting working days in SQL). */
export const BANK_HOLIDAY_DATES: readonly string[] = [...HOLIDAYS].sort();
/** The last holiday the file knows: beyond it, only weekends are skipped. */
export const HOLIDAYS_KNOWN_UNTIL = [...HOLIDAYS].sort().at(-1)!;

const fromIso = (date: string) => new Date(`${date}T00:00:00Z`);
const toIso = (d: Date) => d.toISOString().slice(0, 10);

export function isWorkingDay(date: string): boolean {
  const day = fromIso(date).getUTCDay();
  return day !== 0 && day !== 6 && !HOLIDAYS.has(date);
}

/** The date `n` working days after `date` (the day itself does not count); n = 0 is the date. */
export function addWorkingDays(date: string, n: number): string {
  const d = fromIso(date);
  for (let left = n; left > 0; ) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorkingDay(toIso(d))) left--;
  }
  return toIso(d);
}

/** The same date `years` on (negative: back); 29 February lands on 1 March in other years. */
export function addYears(date: string, years: number): string {
  const d = fromIso(date);
  d.setUTCFullYear(d.getUTCFullYear() + years);
  return toIso(d);
}

/** The calendar date in London at an instant. */
export const londonDate = (at: Date): string =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(at);

export type ResponseDeadline = {
  /** Half time: the provider is reminded from this date. */
  remindOn: string;
  /** The provider accepts or declines by the end of this date; escalated the day after. */
  respondBy: string;
  /** Lapses (EXPIRED) the day after this date. */
  lapseAfter: string;
};

/** The deadlines of a commission approved at `approvedAt`, under its zone's settings. */
export function responseDeadline(
  approvedAt: Date,
  zone: { responseWorkingDays: number; lapseGraceWorkingDays: number },
): ResponseDeadline {
  const approved = londonDate(approvedAt);
  const respondBy = addWorkingDays(approved, zone.responseWorkingDays);
  return {
    remindOn: addWorkingDays(approved, Math.ceil(zone.responseWorkingDays / 2)),
    respondBy,
    lapseAfter: addWorkingDays(respondBy, zone.lapseGraceWorkingDays),
  };
}
