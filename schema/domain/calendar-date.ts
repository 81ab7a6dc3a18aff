// Dates PostgreSQL and every client can hold: years 1000-9999, and only days the calendar has
// (no 30 February). One check for the GraphQL scalars and the Open Referral parameters.

export function isCalendarDate(year: number, month: number, day: number): boolean {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) return false;
  if (!Number.isInteger(month) || month < 1 || month > 12 || !Number.isInteger(day) || day < 1) return false;
  return day <= new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** "2026-02-28" yes; "2026-02-30", "26-2-28" no. */
export function isCalendarDateText(ymd: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(ymd);
  return !!m && isCalendarDate(Number(m[1]), Number(m[2]), Number(m[3]));
}
