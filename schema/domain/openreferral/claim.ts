import { and, eq } from 'drizzle-orm';
import { services } from '../../../drizzle/schema';
import { audit } from '../audit';
import { NotFoundError, ValidationError } from '../errors';
import type { Tx } from '../transaction';

/**
 * The zone takes over a listing imported from another directory's feed: from now on its
 * providers edit it here and the importer leaves it alone (counted as "claimed", never updated
 * or withdrawn). It keeps its source and id there, so a later import still recognises it rather
 * than creating it again. The row is locked, so an import page writing it at the same moment
 * either finishes first (and the claim follows) or waits and then sees the claim.
 */
export async function claimImportedService(
  tx: Tx,
  actor: { zoneId: number; id: number },
  serviceId: number,
): Promise<number> {
  const [row] = await tx
    .select({
      id: services.id,
      sourceId: services.sourceId,
      externalId: services.externalId,
      claimed: services.claimed,
    })
    .from(services)
    .where(and(eq(services.id, serviceId), eq(services.zoneId, actor.zoneId)))
    .for('update');
  if (!row) throw new NotFoundError('Service');
  if (row.sourceId == null)
    throw ValidationError.field(
      ['input', 'serviceId'],
      'This listing was made here, not imported: it is already yours',
    );
  if (row.claimed)
    throw ValidationError.field(['input', 'serviceId'], 'The partnership has already claimed this listing');
  await tx.update(services).set({ claimed: true, updatedAt: new Date() }).where(eq(services.id, row.id));
  await audit(tx, {
    zoneId: actor.zoneId,
    actorId: actor.id,
    action: 'CLAIM_SERVICE',
    entityType: 'Service',
    entityId: row.id,
    detail: { sourceId: row.sourceId, externalId: row.externalId },
  });
  return row.id;
}
