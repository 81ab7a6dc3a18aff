import { auditEvents, notifications } from '../../drizzle/schema';
import { enqueueEmails } from './email';
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
  note: { kind: string; message: string; commissionId?: number },
): Promise<void> {
  if (userIds.length === 0) return;
  await tx.insert(notifications).values(userIds.map((userId) => ({ userId, ...note })));
  if (note.commissionId !== undefined)
    await enqueueEmails(tx, userIds, note.kind, {
      reference: `#${note.commissionId}`,
      path: `/commissions/${note.commissionId}`,
    });
}
