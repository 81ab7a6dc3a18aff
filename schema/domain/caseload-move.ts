import { and, asc, eq, inArray } from 'drizzle-orm';
import { children, commissions, users } from '../../drizzle/schema';
import { audit, notify } from './audit';
import { NotFoundError, ValidationError } from './errors';
import type { Tx } from './transaction';

// Children change link worker: one child, some, or a whole caseload. The budget belongs to the
// child, so it follows by itself; the child's commissions (open and past) follow too, so the new
// link worker can act on them and sees their history; each move is audited and both link
// workers are told (references only, never names).

async function activeLinkWorker(tx: Tx, zoneId: number, id: number, field: string) {
  const [worker] = await tx
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.id, id), eq(users.zoneId, zoneId), eq(users.role, 'LINK_WORKER'), eq(users.active, true)))
    .for('update');
  if (!worker) throw ValidationError.field(['input', field], 'Choose an active link worker in your partnership');
  return worker;
}

/**
 * Moves the given children (or, with childIds null, every ACTIVE child of fromLinkWorkerId) to
 * toLinkWorkerId. Returns the children moved, by reference.
 */
export async function moveChildren(
  tx: Tx,
  actor: { id: number; zoneId: number },
  input: { childIds: number[] | null; fromLinkWorkerId: number | null; toLinkWorkerId: number },
): Promise<{ id: number; reference: string }[]> {
  const to = await activeLinkWorker(tx, actor.zoneId, input.toLinkWorkerId, 'toLinkWorkerId');
  let rows: { id: number; reference: string; linkWorkerId: number }[];
  if (input.childIds) {
    const ids = [...new Set(input.childIds)];
    if (ids.length === 0) throw ValidationError.field(['input', 'childIds'], 'Choose at least one child to move');
    rows = await tx
      .select({ id: children.id, reference: children.reference, linkWorkerId: children.linkWorkerId })
      .from(children)
      .where(and(inArray(children.id, ids), eq(children.zoneId, actor.zoneId)))
      .orderBy(asc(children.id))
      .for('update');
    if (rows.length !== ids.length) throw new NotFoundError('Child');
  } else {
    if (input.fromLinkWorkerId === null)
      throw ValidationError.field(['input', 'fromLinkWorkerId'], 'Choose whose caseload to move');
    const [from] = await tx
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, input.fromLinkWorkerId), eq(users.zoneId, actor.zoneId), eq(users.role, 'LINK_WORKER')));
    if (!from) throw ValidationError.field(['input', 'fromLinkWorkerId'], 'Choose a link worker in your partnership');
    rows = await tx
      .select({ id: children.id, reference: children.reference, linkWorkerId: children.linkWorkerId })
      .from(children)
      .where(and(eq(children.linkWorkerId, from.id), eq(children.status, 'ACTIVE')))
      .orderBy(asc(children.id))
      .for('update');
    if (rows.length === 0) throw ValidationError.field(['input', 'fromLinkWorkerId'], 'That caseload has no children');
  }
  const moving = rows.filter((r) => r.linkWorkerId !== to.id);
  if (moving.length === 0)
    throw ValidationError.field(['input', 'toLinkWorkerId'], 'Those children are already on that caseload');

  const ids = moving.map((r) => r.id);
  await tx.update(children).set({ linkWorkerId: to.id }).where(inArray(children.id, ids));
  await tx.update(commissions).set({ linkWorkerId: to.id }).where(inArray(commissions.childId, ids));
  for (const r of moving) {
    await audit(tx, {
      zoneId: actor.zoneId,
      actorId: actor.id,
      action: 'MOVE_CHILD',
      entityType: 'Child',
      entityId: r.id,
      detail: { fromLinkWorkerId: r.linkWorkerId, toLinkWorkerId: to.id },
    });
  }
  const byFrom = new Map<number, string[]>();
  for (const r of moving) byFrom.set(r.linkWorkerId, [...(byFrom.get(r.linkWorkerId) ?? []), r.reference]);
  for (const [fromId, refs] of byFrom) {
    const list = refs.join(', ');
    await notify(tx, [fromId], {
      kind: 'CHILD_MOVED',
      message: `${refs.length === 1 ? 'A child has' : `${refs.length} children have`} moved to ${to.name}’s caseload: ${list}`,
    });
    await notify(tx, [to.id], {
      kind: 'CHILD_MOVED',
      message: `${refs.length === 1 ? 'A child has' : `${refs.length} children have`} joined your caseload: ${list}`,
    });
  }
  return moving.map(({ id, reference }) => ({ id, reference }));
}

/** ACTIVE children still on a link worker's caseload: a leaver with any cannot be deactivated. */
export async function caseloadSize(tx: Tx, zoneId: number, linkWorkerId: number): Promise<number> {
  const rows = await tx
    .select({ id: children.id })
    .from(children)
    .where(and(eq(children.zoneId, zoneId), eq(children.linkWorkerId, linkWorkerId), eq(children.status, 'ACTIVE')));
  return rows.length;
}
