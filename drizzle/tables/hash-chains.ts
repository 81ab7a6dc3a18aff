import { integer, pgTable, text } from 'drizzle-orm/pg-core';

// Tamper evidence for the ledger and the audit trail, one link a row, written by a trigger as the
// row's transaction commits (never by the application) and append-only like the rows themselves:
// the row's place in its chain and sha256(previous link's hash || the row's content).
// npm run reconcile re-walks both chains. No foreign key to the row: a row removed behind the
// guards must leave its link behind for reconcile to find, and the check would cost every write.
export const ledgerChain = pgTable('ledger_chain', {
  seq: integer().primaryKey(),
  entryId: integer().notNull().unique(),
  prevHash: text().notNull(),
  hash: text().notNull(),
});

export const auditChain = pgTable('audit_chain', {
  seq: integer().primaryKey(),
  eventId: integer().notNull().unique(),
  prevHash: text().notNull(),
  hash: text().notNull(),
});
