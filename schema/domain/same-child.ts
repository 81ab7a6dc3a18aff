import { and, eq, inArray, ne, sql } from 'drizzle-orm';
import { children } from '../../drizzle/schema';
import { isCalendarDateText } from './calendar-date';
import { canonicalText } from './text';
import type { Tx } from './transaction';

// "Is this child already with us?" for addChild and cohort imports. A withdrawn child may join
// again (a new programme, a new reference); an active or completed one is the same child twice.

/** Advisory-lock class for adding children; the zone is the second key (PostgreSQL's two-int form). */
const CHILD_ADDS = 7201;

/**
 * Makes the zone's child adds take turns until commit, so two imports (or adds) of the same child at
 * the same moment cannot both pass the duplicate check. Other writes to the zone are not held up.
 */
export async function lockChildAdds(tx: Tx, zoneId: number): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${CHILD_ADDS}::int, ${zoneId}::int)`);
}

/**
 * The same child, as far as a school's records can tell: first and last names (trimmed, canonical,
 * any case), date of birth and school all equal. Null when a part is missing (refused anyway).
 */
export function sameChildKey(first: string, last: string, dateOfBirth: string, schoolId: number | null): string | null {
  const parts = [first, last].map((n) => canonicalText(n.trim()).toLowerCase());
  const dob = dateOfBirth.trim();
  if (schoolId === null || !parts[0] || !parts[1] || !isCalendarDateText(dob)) return null;
  return JSON.stringify([...parts, dob, schoolId]);
}

export type ChildAlreadyIn = { reference: string; linkWorkerId: number | null };

/**
 * The zone's active and completed children by sameChildKey: their references and link workers.
 * Anonymised children have no names, so never match; withdrawn ones are left out (they may come back).
 */
export async function childrenAlreadyIn(
  tx: Tx,
  zoneId: number,
  keys: (string | null)[],
): Promise<Map<string, ChildAlreadyIn>> {
  const wanted = keys
    .filter((k): k is string => k !== null)
    .map((k) => JSON.parse(k) as [string, string, string, number]);
  if (wanted.length === 0) return new Map();
  const found = await tx
    .select({
      reference: children.reference,
      linkWorkerId: children.linkWorkerId,
      firstName: children.firstName,
      lastName: children.lastName,
      dateOfBirth: children.dateOfBirth,
      schoolId: children.schoolId,
    })
    .from(children)
    .where(
      and(
        eq(children.zoneId, zoneId),
        ne(children.status, 'WITHDRAWN'),
        inArray(children.schoolId, [...new Set(wanted.map((w) => w[3]))]),
        inArray(children.dateOfBirth, [...new Set(wanted.map((w) => w[2]))]),
      ),
    );
  const byKey = new Map<string, ChildAlreadyIn>();
  for (const c of found) {
    const key = sameChildKey(c.firstName ?? '', c.lastName ?? '', c.dateOfBirth ?? '', c.schoolId);
    if (key && !byKey.has(key)) byKey.set(key, { reference: c.reference, linkWorkerId: c.linkWorkerId });
  }
  return byKey;
}

/**
 * The message addChild and a cohort row give for a child already in the zone. A link worker learns
 * the reference only of a child on their own caseload: another's is not theirs to know (audit 57).
 */
export const alreadyInMessage = (already: ChildAlreadyIn, linkWorkerId?: number) =>
  linkWorkerId !== undefined && already.linkWorkerId !== linkWorkerId
    ? 'This child is already in your partnership, on another link worker’s caseload: an administrator can move them to yours'
    : `This child is already in your partnership as ${already.reference}`;
