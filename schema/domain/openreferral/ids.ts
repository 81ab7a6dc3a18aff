import { createHash } from 'node:crypto';

// Ids for Open Referral records we have no row for (a service's link to a category, a
// location's address), derived from their parent's UUID so they are the same on every read.
export function derivedUuid(...parts: string[]): string {
  const hex = createHash('md5').update(parts.join(':')).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** Our own categories as an Open Referral taxonomy; the id is the same in every portal. */
export const PORTAL_TAXONOMY = {
  id: derivedUuid('portal-taxonomy', 'categories'),
  name: 'Partnership portal categories',
  description: 'The two-level categories of the partnership directory and commissioning portal',
} as const;

/** The ids of the derived categories, computed in SQL the same way as categories.uuid. */
export const categoryUuid = (slug: string) => derivedUuid(`portal-category:${slug}`);

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const ORUK_DAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type OrukDay = (typeof ORUK_DAYS)[number];

export const ACCESSIBILITY_LABELS: Record<string, string> = {
  WHEELCHAIR: 'Wheelchair accessible',
  STEP_FREE: 'Step-free access',
  ACCESSIBLE_TOILET: 'Accessible toilet',
  HEARING_LOOP: 'Hearing loop',
  BSL: 'British Sign Language',
  BRAILLE: 'Braille',
  QUIET_SPACE: 'Quiet space',
  ACCESSIBLE_PARKING: 'Accessible parking',
};
