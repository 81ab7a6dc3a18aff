import { encodeGlobalID } from '@pothos/plugin-relay';
import { and, eq, type SQLWrapper, sql } from 'drizzle-orm';
import { auditEvents, notifications, users } from '../../drizzle/schema';
import { enqueueEmails, enqueueEmailsTo } from './email';
import type { Tx } from './transaction';

export type AuditInput = {
  zoneId: number;
  actorId: number | null;
  action: string;
  entityType: string;
  entityId: number;
  detail?: Record<string, unknown>;
};

/** Appends to the audit trail inside the caller's transaction. */
export async function audit(tx: Tx, event: AuditInput): Promise<void> {
  await tx.insert(auditEvents).values({ ...event, detail: event.detail ?? {} });
}

/** Notifies users in the portal and, through the outbox, by email (same transaction). */
export async function notify(
  tx: Tx,
  userIds: number[],
  note: {
    kind: string;
    message: string;
    commission?: { id: number; reference: string };
    // A child's pseudonymous reference only: never a name (the email links to the child's page).
    child?: { id: number; reference: string; detail?: string };
    // Any other page the email links to (a service's review, say), with what the link names.
    link?: { path: string; reference: string };
  },
): Promise<void> {
  if (userIds.length === 0) return;
  const { commission, child, link, ...rest } = note;
  await tx
    .insert(notifications)
    .values(userIds.map((userId) => ({ userId, ...rest, commissionId: commission?.id, childId: child?.id })));
  if (child)
    await enqueueEmails(tx, userIds, note.kind, {
      reference: child.reference,
      path: `/children/${encodeURIComponent(encodeGlobalID('Child', child.id))}`,
      ...(child.detail ? { detail: child.detail } : {}),
    });
  if (link) await enqueueEmails(tx, userIds, note.kind, link);
  if (commission)
    await enqueueEmails(tx, userIds, note.kind, {
      reference: commission.reference,
      // The web app's address for it: /commissions/<global ID>.
      path: `/commissions/${encodeURIComponent(encodeGlobalID('Commission', commission.id))}`,
    });
}

/** A zone's commissioners, or an organisation's provider staff: who hears of a commission. */
export type Staff = { zoneId: number; role: 'COMMISSIONER' } | { organisationId: number; role: 'PROVIDER' };

/**
 * notify() for the active staff of `staff` about a commission, as unexecuted writes (the
 * notifications and the outbox emails, each an insert ... select of the recipients) that the
 * caller sends together with its other writes (one-statement.ts).
 */
export function notifyStaffWrites(
  tx: Tx,
  staff: Staff,
  note: { kind: string; message: string; commission: { id: number; reference: string } },
): SQLWrapper[] {
  const where = and(
    eq(users.role, staff.role),
    'zoneId' in staff ? eq(users.zoneId, staff.zoneId) : eq(users.organisationId, staff.organisationId),
  )!;
  const { commission, kind, message } = note;
  return [
    tx.insert(notifications).select(
      tx
        .select({
          userId: users.id,
          kind: sql`${kind}::text`.as('kind'),
          message: sql`${message}::text`.as('message'),
          commissionId: sql`${commission.id}::integer`.as('commissionId'),
        })
        .from(users)
        .where(and(where, eq(users.active, true))),
    ),
    enqueueEmailsTo(tx, { where, role: staff.role }, kind, {
      reference: commission.reference,
      path: `/commissions/${encodeURIComponent(encodeGlobalID('Commission', commission.id))}`,
    }),
  ];
}
