import type { Context } from '../context';
import { audit } from './audit';
import type { Tx } from './transaction';

/** A link worker opening a child's full record is itself a record (PRODUCT.md section 6). */
export async function auditChildRead(ctx: Context, childId: number): Promise<void> {
  if (ctx.viewer?.role !== 'LINK_WORKER') return;
  await audit(ctx.db as unknown as Tx, {
    zoneId: ctx.viewer.zoneId,
    actorId: ctx.viewer.id,
    action: 'READ_CHILD_RECORD',
    entityType: 'Child',
    entityId: childId,
  });
}
