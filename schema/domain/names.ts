import { type AnyColumn, eq, type SQL, sql } from 'drizzle-orm';
import { zones } from '../../drizzle/schema';
import type { Tx } from './transaction';

/** A name as people mean it, case and runs of spaces aside: "Riverside  family therapy" is "Riverside Family Therapy". */
export const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The column holds the same name as `name`, compared as nameKey compares them. */
export const sameNameSql = (column: AnyColumn, name: string): SQL =>
  sql`lower(regexp_replace(btrim(${column}), '[[:space:]]+', ' ', 'g')) = ${nameKey(name)}`;

/**
 * Before checking a name is new in the zone: locking the zone's row queues the additions and renames
 * that check, so the check sees a name a concurrent call has just written. Not a unique index:
 * databases may hold such names already (and imports keep their feed's).
 */
export async function lockZoneNames(tx: Tx, zoneId: number): Promise<void> {
  await tx.select({ id: zones.id }).from(zones).where(eq(zones.id, zoneId)).for('no key update');
}
