import { randomInt } from 'node:crypto';
import { commissions } from '../../drizzle/schema';
import type { Tx } from './transaction';

// Commission references, e.g. CR-7KQ2M: five characters from 30 that cannot be misread for one
// another (no 0/O, 1/I/L, nor U/V), 24.3 million per zone. The database checks the format
// (commissions_reference_format) and uniqueness per zone (commissions_zone_reference).
export const REFERENCE_ALPHABET = '23456789ABCDEFGHJKMNPQRSTVWXYZ';
const LENGTH = 5;
const MAX_ATTEMPTS = 8;

export const randomReference = (): string =>
  `CR-${Array.from({ length: LENGTH }, () => REFERENCE_ALPHABET[randomInt(REFERENCE_ALPHABET.length)]).join('')}`;

/**
 * Normalises what someone typed to find a commission ("cr 7kq2m", "7KQ2M") to the stored form;
 * null when it cannot be a reference.
 */
export function normaliseReference(typed: string): string | null {
  const compact = typed.toUpperCase().replace(/[\s-]/g, '');
  // "CR" is the prefix only when a whole code follows it: a code typed bare may itself begin with CR.
  const s = compact.length === LENGTH + 2 && compact.startsWith('CR') ? compact.slice(2) : compact;
  return s.length === LENGTH && [...s].every((ch) => REFERENCE_ALPHABET.includes(ch)) ? `CR-${s}` : null;
}

type NewCommission = Omit<typeof commissions.$inferInsert, 'reference'>;
export type CommissionRow = typeof commissions.$inferSelect;

/**
 * Inserts a commission with a fresh random reference and returns the row; on the rare collision
 * with one already in the zone (the unique constraint, as ON CONFLICT DO NOTHING: no savepoint, so
 * one round trip) it tries another. `pick` is injectable so tests can force a collision.
 */
export async function insertWithReference(
  tx: Tx,
  values: NewCommission,
  pick: () => string = randomReference,
): Promise<CommissionRow> {
  for (let attempt = 1; ; attempt++) {
    const [row] = await tx
      .insert(commissions)
      .values({ ...values, reference: pick() })
      .onConflictDoNothing({ target: [commissions.zoneId, commissions.reference] })
      .returning();
    if (row) return row;
    if (attempt >= MAX_ATTEMPTS) throw new Error(`No free commission reference after ${MAX_ATTEMPTS} attempts`);
  }
}
