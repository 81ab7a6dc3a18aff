// The parts of the search address for opening times, language and venue access, and how a
// result's opening times and telephone number are written.

import { clock, dayList } from '../../lib/format';

export const ACCESS = [
  ['WHEELCHAIR', 'Wheelchair access'],
  ['STEP_FREE', 'Step-free access'],
  ['HEARING_LOOP', 'Hearing loop'],
  ['ACCESSIBLE_TOILET', 'Accessible toilet'],
  ['BSL', 'British Sign Language interpreter'],
  ['QUIET_SPACE', 'Quiet space'],
] as const;
export type Access = (typeof ACCESS)[number][0];

/** The times a search can ask a service to be open after. */
export const OPEN_AFTER = ['09:00', '12:00', '15:00', '16:00', '17:00', '18:00'];

/** "SA,SU" from the address to the days it names; anything else is dropped. */
export function listParam<T extends string>(
  value: string | undefined,
  allowed: readonly (readonly [T, string])[],
): T[] {
  const known = new Set<string>(allowed.map(([v]) => v));
  return (value ?? '').split(',').filter((v): v is T => known.has(v));
}

export type Opening = { days: string[]; opensAt: string | null; closesAt: string | null; description: string };

/** One line an opening: "Saturday, 4pm to 8pm". */
export function openingLine(o: Opening): string {
  const times = o.opensAt && o.closesAt ? `${clock(o.opensAt)} to ${clock(o.closesAt)}` : '';
  return [dayList(o.days), times].filter(Boolean).join(', ') || o.description;
}

/** A number as typed ("020 8123 4567") to a tel: link ("tel:02081234567"). */
export const telHref = (number: string) => `tel:${number.replace(/[^\d+]/g, '')}`;
