import { eq } from 'drizzle-orm';
import { serviceRevisions, type services } from '../../drizzle/schema';
import type { Listing } from './listing';
import { changedFields } from './listing-diff';
import type { Tx } from './transaction';

// The versions a listing starts with (see listing-revisions.ts for changes, approval and restore).

type ServiceRow = typeof services.$inferSelect;

/**
 * A listing seeded, imported or created before versions were kept has none: before its first change
 * the live listing is recorded as a version (no author: "as first published or imported"), so the
 * first change can be undone. The caller holds the service row's lock, so this runs once.
 */
export async function recordBaseline(tx: Tx, row: ServiceRow, live: Listing) {
  // Only whether one exists matters: this runs on every change, and old listings have many.
  const [existing] = await tx
    .select({ id: serviceRevisions.id })
    .from(serviceRevisions)
    .where(eq(serviceRevisions.serviceId, row.id))
    .limit(1);
  if (existing) return;
  const when = new Date(row.updatedAt).toISOString();
  await tx.insert(serviceRevisions).values({
    serviceId: row.id,
    zoneId: row.zoneId,
    status: 'APPLIED',
    before: null,
    after: live,
    changedFields: changedFields(null, live),
    authorId: null,
    createdAt: when,
    decidedAt: when,
  });
}

/** The first version of a new listing (creating one needs no approval: drafts are not public). */
export async function recordFirstVersion(tx: Tx, serviceId: number, zoneId: number, actorId: number, listing: Listing) {
  await tx.insert(serviceRevisions).values({
    serviceId,
    zoneId,
    status: 'APPLIED',
    before: null,
    after: listing,
    changedFields: changedFields(null, listing),
    authorId: actorId,
    decidedAt: new Date().toISOString(),
  });
}
