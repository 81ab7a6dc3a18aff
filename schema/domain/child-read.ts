import { auditEvents } from '../../drizzle/schema';
import type { Context } from '../context';
import { audit } from './audit';
import type { Tx } from './transaction';

// PRODUCT.md section 6: every read of a child's full record is itself a record. Opening a record
// (node, child(id)) is audited at once; the sensitive parts of a record read through a list or a
// nested path (a caseload page with needs and scores) are collected per request and written in
// one insert before the response is sent: each child once per request, however it was reached.

type Reads = { pending: Set<number>; audited: Set<number> };
const readsOf = new WeakMap<Context, Reads>();

function reads(ctx: Context): Reads {
  const r = readsOf.get(ctx) ?? { pending: new Set<number>(), audited: new Set<number>() };
  readsOf.set(ctx, r);
  return r;
}

/**
 * A link worker opening a child's full record (node, child(id)). Other roles opening a record see
 * its register and money only; what of the full record they may read (a commissioner: consent) is
 * audited field by field, like any role's (noteChildRecordRead).
 */
export async function auditChildRead(ctx: Context, childId: number): Promise<void> {
  if (ctx.viewer?.role !== 'LINK_WORKER') return;
  const r = reads(ctx);
  if (r.audited.has(childId)) return;
  r.audited.add(childId);
  await audit(ctx.db as unknown as Tx, {
    zoneId: ctx.viewer.zoneId,
    actorId: ctx.viewer.id,
    action: 'READ_CHILD_RECORD',
    entityType: 'Child',
    entityId: childId,
  });
}

/** A sensitive part of a child's record was resolved for this request's viewer (schema/child-record-reads.ts). */
export function noteChildRecordRead(ctx: Context, childId: number): void {
  if (ctx.viewer) reads(ctx).pending.add(childId);
}

/** Writes the request's noted reads not already audited, in one statement (server/graphql.ts, before responding). */
export async function auditChildRecordReads(ctx: Context): Promise<void> {
  const r = readsOf.get(ctx);
  const viewer = ctx.viewer;
  if (!r || !viewer) return;
  const ids = [...r.pending].filter((id) => !r.audited.has(id));
  r.pending.clear();
  if (ids.length === 0) return;
  for (const id of ids) r.audited.add(id);
  // A read-only request may be on the replica (read-routing.ts); the trail is written on the primary.
  await (ctx.primaryDb ?? ctx.db).insert(auditEvents).values(
    ids.map((entityId) => ({
      zoneId: viewer.zoneId,
      actorId: viewer.id,
      action: 'READ_CHILD_RECORD',
      entityType: 'Child',
      entityId,
      detail: { via: 'list' },
    })),
  );
}
