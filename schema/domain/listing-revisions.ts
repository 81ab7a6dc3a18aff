import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { notifications, serviceRevisions, services, users, zones } from '../../drizzle/schema';
import { audit } from './audit';
import { enqueueEmails } from './email';
import { NotFoundError, ValidationError } from './errors';
import { type Listing, parseListing, saveListing } from './listing';
import { changedFields } from './listing-diff';
import { liveListing } from './listing-reads';
import { recordBaseline } from './listing-versions';
import type { Tx } from './transaction';

// Listing edit approval and history (issue 14, point 7). The services row is always the live
// version; every change is a service_revisions row. With the zone's listingEditsNeedApproval on,
// a provider's change to a PUBLISHED listing waits (PENDING) for a commissioner or administrator,
// and search, the listing page and the Open Referral feed keep reading the live row meanwhile.

type ServiceRow = typeof services.$inferSelect;

const listingPath = (serviceId: number) => `/services/${encodeURIComponent(encodeGlobalID('Service', serviceId))}`;

/** Active staff of a zone with these roles, or of one provider organisation. */
async function staffOf(
  tx: Tx,
  where: { zoneId: number; roles: ('COMMISSIONER' | 'ADMIN')[] } | { organisationId: number },
) {
  const rows = await tx
    .select({ id: users.id })
    .from(users)
    .where(
      'organisationId' in where
        ? and(eq(users.active, true), eq(users.organisationId, where.organisationId), eq(users.role, 'PROVIDER'))
        : and(eq(users.active, true), eq(users.zoneId, where.zoneId), inArray(users.role, where.roles)),
    );
  return rows.map((r) => r.id);
}

/** Tells people about a listing in the portal and by email (listing name and link only). */
async function notifyListing(tx: Tx, userIds: number[], kind: string, message: string, service: ServiceRow) {
  if (userIds.length === 0) return;
  await tx.insert(notifications).values(userIds.map((userId) => ({ userId, kind, message })));
  await enqueueEmails(tx, userIds, kind, { listing: service.name, path: listingPath(service.id) });
}

export type ChangeOutcome = {
  status: 'APPLIED' | 'PENDING' | 'UNCHANGED';
  revisionId: number | null;
  /** The pending revision this one replaced, for the audit trail. */
  supersededId?: number | null;
};

/**
 * Whether a change to this listing waits for approval: the author's changes need it (a provider),
 * the zone asks, and it is published. Read once per edit and passed to editBase and changeListing.
 */
export async function waitsForApproval(tx: Tx, row: ServiceRow, needsApproval: boolean): Promise<boolean> {
  if (!needsApproval || row.status !== 'PUBLISHED') return false;
  const [zone] = await tx.select({ on: zones.listingEditsNeedApproval }).from(zones).where(eq(zones.id, row.zoneId));
  return zone!.on;
}

type RevisionChanges = { after: Record<string, unknown>; changedFields: string[] };

/**
 * A revision's own changes (each field it changed, as a whole) over a version of the listing. A
 * pending revision's stored snapshot also holds the other fields as they were when it was sent:
 * applying it whole would undo what changed live since (audit 59).
 */
export function withChangesOf(base: Listing, rev: RevisionChanges): Listing {
  return { ...base, ...Object.fromEntries(rev.changedFields.map((field) => [field, rev.after[field]])) } as Listing;
}

/** What approving a pending revision would make of the listing now: live, and live with its changes. */
export async function pendingAgainstLive(db: Db | Tx, rev: RevisionChanges & { serviceId: number }) {
  const live = await liveListing(db, rev.serviceId);
  return { live, next: withChangesOf(live, rev) };
}

/**
 * What a provider's partial edit builds on, with the service row locked: the pending changes over
 * the live listing when the edit will wait too, so a second edit keeps the first one's changes
 * (audit, issue 14 point 7); else the live listing.
 */
export async function editBase(tx: Tx, row: ServiceRow, waits: boolean): Promise<Listing> {
  const live = await liveListing(tx, row.id);
  if (!waits) return live;
  const [pending] = await tx
    .select({ after: serviceRevisions.after, changedFields: serviceRevisions.changedFields })
    .from(serviceRevisions)
    .where(and(eq(serviceRevisions.serviceId, row.id), eq(serviceRevisions.status, 'PENDING')));
  return pending ? withChangesOf(live, pending) : live;
}

/**
 * A provider's (or a restore's) new version of a listing, in the caller's transaction with the
 * service row locked: applied at once, or kept PENDING when `waits` (waitsForApproval). A pending
 * edit replaces one already waiting (SUPERSEDED).
 */
export async function changeListing(
  tx: Tx,
  row: ServiceRow,
  actorId: number,
  next: Listing,
  options: { waits: boolean; now: Date; restoredFromId?: number },
): Promise<ChangeOutcome> {
  const live = await liveListing(tx, row.id);
  await recordBaseline(tx, row, live);
  const fields = changedFields(live, next);
  if (options.waits) {
    const [superseded] = await tx
      .update(serviceRevisions)
      .set({ status: 'SUPERSEDED', decidedAt: options.now.toISOString() })
      .where(and(eq(serviceRevisions.serviceId, row.id), eq(serviceRevisions.status, 'PENDING')))
      .returning({ id: serviceRevisions.id });
    const supersededId = superseded?.id ?? null;
    if (fields.length === 0) return { status: 'UNCHANGED', revisionId: null, supersededId };
    const [rev] = await tx
      .insert(serviceRevisions)
      .values({
        serviceId: row.id,
        zoneId: row.zoneId,
        status: 'PENDING',
        before: live,
        after: next,
        changedFields: fields,
        authorId: actorId,
        createdAt: options.now.toISOString(),
        restoredFromId: options.restoredFromId ?? null,
      })
      .returning({ id: serviceRevisions.id });
    await notifyListing(
      tx,
      await staffOf(tx, { zoneId: row.zoneId, roles: ['COMMISSIONER', 'ADMIN'] }),
      'LISTING_EDIT_PENDING',
      `Changes to the listing ${row.name} are waiting for approval`,
      row,
    );
    return { status: 'PENDING', revisionId: rev!.id, supersededId };
  }
  await saveListing(tx, row, next, row.id, { lastReviewedAt: options.now.toISOString() });
  const [rev] = await tx
    .insert(serviceRevisions)
    .values({
      serviceId: row.id,
      zoneId: row.zoneId,
      status: 'APPLIED',
      before: live,
      after: next,
      changedFields: fields,
      authorId: actorId,
      createdAt: options.now.toISOString(),
      decidedAt: options.now.toISOString(),
      restoredFromId: options.restoredFromId ?? null,
    })
    .returning({ id: serviceRevisions.id });
  return { status: 'APPLIED', revisionId: rev!.id };
}

/** A pending revision of the viewer's zone, locked with its listing for a decision. */
async function pendingRevision(tx: Tx, revisionId: number, zoneId: number) {
  const [rev] = await tx.select().from(serviceRevisions).where(eq(serviceRevisions.id, revisionId)).for('update');
  if (!rev || rev.zoneId !== zoneId) throw new NotFoundError('ServiceRevision');
  const [service] = await tx.select().from(services).where(eq(services.id, rev.serviceId)).for('update');
  if (rev.status !== 'PENDING')
    throw ValidationError.field(['input', 'revisionId'], `These changes are already ${rev.status.toLowerCase()}`);
  return { rev, service: service! };
}

/**
 * A change checked when it was sent may break a rule with a live change made since (a minimum age
 * above a maximum age changed meanwhile): the reviewer is told so, and can reject it.
 */
function fitsLive(parse: () => Listing): Listing {
  try {
    return parse();
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    throw ValidationError.field(
      ['input', 'revisionId'],
      `These changes no longer fit the listing as it is now (${e.message.replace(/\.$/, '')}): reject them and ask the provider to send them again`,
    );
  }
}

/**
 * Approves a pending revision, in the caller's transaction: the fields it changed take its values
 * over the listing as live now, so a change made since to another field stays; its version records
 * what this approval changed.
 */
export async function approveRevision(
  tx: Tx,
  revisionId: number,
  approver: { id: number; zoneId: number },
  now: Date,
): Promise<number> {
  const { rev, service } = await pendingRevision(tx, revisionId, approver.zoneId);
  const live = await liveListing(tx, service.id);
  const next = fitsLive(() => parseListing(withChangesOf(live, rev)));
  const fields = changedFields(live, next);
  await saveListing(tx, service, next, service.id, { lastReviewedAt: now.toISOString() });
  await tx
    .update(serviceRevisions)
    .set({
      status: 'APPLIED',
      before: live,
      after: next,
      changedFields: fields,
      decidedById: approver.id,
      decidedAt: now.toISOString(),
    })
    .where(eq(serviceRevisions.id, rev.id));
  // Named as it is now: an approved rename is news under the new name (audit F10).
  const renamed = { ...service, name: next.name };
  await recordDecision(
    tx,
    approver,
    renamed,
    { id: rev.id, changedFields: fields },
    'APPROVE_SERVICE_REVISION',
    'LISTING_EDIT_APPROVED',
    `Your changes to the listing ${renamed.name} were approved and are now live`,
  );
  return service.id;
}

/** Rejects a pending revision with a reason; the live listing stays as it is. */
export async function rejectRevision(
  tx: Tx,
  revisionId: number,
  approver: { id: number; zoneId: number },
  reason: string,
  now: Date,
): Promise<number> {
  const { rev, service } = await pendingRevision(tx, revisionId, approver.zoneId);
  await tx
    .update(serviceRevisions)
    .set({ status: 'REJECTED', reason, decidedById: approver.id, decidedAt: now.toISOString() })
    .where(eq(serviceRevisions.id, rev.id));
  // The reason is shown in the portal; emails never carry what people typed.
  await recordDecision(
    tx,
    approver,
    service,
    rev,
    'REJECT_SERVICE_REVISION',
    'LISTING_EDIT_REJECTED',
    `Your changes to the listing ${service.name} were not approved: ${reason}`,
  );
  return service.id;
}

/** Audits a decision on a pending revision and tells the organisation's staff. */
async function recordDecision(
  tx: Tx,
  approver: { id: number; zoneId: number },
  service: ServiceRow,
  rev: { id: number; changedFields: unknown },
  action: 'APPROVE_SERVICE_REVISION' | 'REJECT_SERVICE_REVISION',
  kind: 'LISTING_EDIT_APPROVED' | 'LISTING_EDIT_REJECTED',
  message: string,
) {
  await audit(tx, {
    zoneId: approver.zoneId,
    actorId: approver.id,
    action,
    entityType: 'Service',
    entityId: service.id,
    detail: { revisionId: rev.id, fields: rev.changedFields },
  });
  await notifyListing(tx, await staffOf(tx, { organisationId: service.organisationId }), kind, message, service);
}
