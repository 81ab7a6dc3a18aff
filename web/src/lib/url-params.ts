// Filters in the address are typed by whoever made the link: a page asks the server only with
// values it would accept itself, and leaves the rest for its filter form to point out.

/** The first value of a search parameter that may be repeated (?who=a&who=b). */
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) || undefined;

/** An ISO day ("2026-09-01") if it is one the calendar has (years 1000 to 9999); otherwise undefined. */
export function realDay(value: string | undefined): string | undefined {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  if (!match) return undefined;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= last ? value : undefined;
}

/** The value when it is at most `max` characters, the server's limit for that filter; otherwise undefined. */
export const upTo = (value: string | undefined, max: number) => (value && value.length <= max ? value : undefined);
