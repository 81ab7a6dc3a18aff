import { randomInt } from 'node:crypto';
import { commissions } from '../../drizzle/schema';
import { isUniqueViolation, type Tx } from './transaction';

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
  const s = typed.toUpperCase().replace(/[\s-]/g, '').replace(/^CR/, '');
  return s.length === LENGTH && [...s].every((ch) => REFERENCE_ALPHABET.includes(ch)) ? `CR-${s}` : null;
}

type NewCommission = Omit<typeof commissions.$inferInsert, 'reference'>;

/**
 * Inserts a commission with a fresh random reference; on the rare collision with one already in
 * the zone (the unique constraint, checked inside a savepoint so the transaction survives) it
 * tries another. `pick` is injectable so tests can force a collision.
 */
export async function insertWithReference(
  tx: Tx,
  values: NewCommission,
  pick: () => string = randomReference,
): Promise<{ id: number; reference: string }> {
  for (let attempt = 1; ; attempt++) {
    const reference = pick();
    try {
      const [row] = await tx.transaction((sp) =>
        sp
          .insert(commissions)
          .values({ ...values, reference })
          .returning({ id: commissions.id, reference: commissions.reference }),
      );
      return row!;
    } catch (error) {
      if (!isUniqueViolation(error) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
}
