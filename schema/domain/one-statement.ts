import { type SQLWrapper, sql } from 'drizzle-orm';
import { auditEvents, ledgerEntries } from '../../drizzle/schema';
import { type AuditInput, audit } from './audit';
import type { Tx } from './transaction';

// Several writes of one action sent as one statement (data-modifying WITH clauses): one round trip
// instead of one each. Busy actions (raising a commission) use these; each write is the same
// Drizzle insert or update it would be on its own, with the same constraints and triggers.

/** Runs the writes as one statement, in no particular order: none may depend on another. */
export async function writeTogether(tx: Tx, writes: SQLWrapper[]): Promise<void> {
  if (writes.length === 0) return;
  const clauses = writes.map((w, i) => sql`${sql.identifier(`w${i}`)} as (${w.getSQL()})`);
  await tx.execute(sql`with ${sql.join(clauses, sql`, `)} select 1`);
}

type LedgerRow = typeof ledgerEntries.$inferInsert;

/**
 * The ledger entries, then the audit event, as one statement: the audit row is selected from the
 * count of ledger rows written, which runs the ledger insert to completion before it, so the rows
 * take their ids (and, at commit, their places in the hash chains) in the order every other
 * action writes them, ledger first (drizzle/migrations/*deferred_hash_chain*). `alongside` are
 * the action's other writes, none depending on another (as writeTogether's), sent in the same
 * statement: a raise's timeline, notices and idempotent result cost no round trip of their own.
 */
export async function writeLedgerThenAudit(
  tx: Tx,
  ledger: LedgerRow[],
  event: AuditInput,
  alongside: SQLWrapper[] = [],
): Promise<void> {
  const written = sql.identifier('ledger_written');
  const others = alongside.map((w, i) => sql`${sql.identifier(`w${i}`)} as (${w.getSQL()}), `);
  if (ledger.length === 0) {
    if (others.length === 0) return audit(tx, event);
    return writeTogether(tx, [...alongside, tx.insert(auditEvents).values({ ...event, detail: event.detail ?? {} })]);
  }
  const auditRow = tx.insert(auditEvents).select(
    tx
      .select({
        zoneId: sql`${event.zoneId}::integer`.as('zoneId'),
        actorId: sql`${event.actorId}::integer`.as('actorId'),
        action: sql`${event.action}::text`.as('action'),
        entityType: sql`${event.entityType}::text`.as('entityType'),
        entityId: sql`${event.entityId}::integer`.as('entityId'),
        detail: sql`${JSON.stringify(event.detail ?? {})}::text::jsonb`.as('detail'),
      })
      .from(sql`(select count(*) from ${written}) as ${sql.identifier('ledger')}`),
  );
  const ledgerRows = tx.insert(ledgerEntries).values(ledger).returning({ id: ledgerEntries.id });
  await tx.execute(sql`with ${sql.join(others)}${written} as (${ledgerRows.getSQL()}) ${auditRow.getSQL()}`);
}
