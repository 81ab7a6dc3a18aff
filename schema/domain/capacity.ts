import { and, eq, isNull, lt, or, sql } from 'drizzle-orm';
import { services } from '../../drizzle/schema';
import { CapacityFullError } from './errors';
import type { Tx } from './transaction';

// A listing's places, enforced like the money: one conditional UPDATE in the transition's own
// transaction. PostgreSQL re-checks the condition against the row a concurrent winner wrote, so
// parallel acceptances on the last place give exactly one success. Capacity null = unlimited.

/** Takes (+1) or frees (-1) one place on the listing; a take on a full listing throws CapacityFullError. */
export async function movePlace(tx: Tx, serviceId: number, change: -1 | 1): Promise<void> {
  if (change === -1) {
    // The CHECK (placesTaken >= 0) refuses a free that was never taken.
    await tx
      .update(services)
      .set({ placesTaken: sql`${services.placesTaken} - 1` })
      .where(eq(services.id, serviceId));
    return;
  }
  const taken = await tx
    .update(services)
    .set({ placesTaken: sql`${services.placesTaken} + 1` })
    .where(and(eq(services.id, serviceId), or(isNull(services.capacity), lt(services.placesTaken, services.capacity))))
    .returning({ id: services.id });
  if (taken.length === 0) {
    const [s] = await tx.select({ capacity: services.capacity }).from(services).where(eq(services.id, serviceId));
    throw new CapacityFullError(s?.capacity ?? 0);
  }
}

/** Places left (never below 0), or null when the listing states no limit. */
export const placesLeft = (s: { capacity: number | null; placesTaken: number }) =>
  s.capacity == null ? null : Math.max(0, s.capacity - s.placesTaken);
