import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';
import { zones } from './zones';

// Who did what to which record, append-only (a trigger refuses UPDATE and DELETE).
export const auditEvents = pgTable(
  'audit_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    actorId: integer().references(() => users.id),
    action: text().notNull(),
    entityType: text().notNull(),
    entityId: integer().notNull(),
    detail: jsonb().$type<Record<string, unknown>>().notNull().default({}),
    at: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    // Tamper evidence, set by a trigger as the row's transaction commits (never by the application):
    // the row's place in the chain and sha256(previous hash || the row's content). Null only inside
    // the writing transaction, before its commit. npm run reconcile re-walks the chain.
    chainSeq: integer(),
    prevHash: text().notNull().default(''),
    hash: text().notNull().default(''),
  },
  (t) => [index('audit_events_zone').on(t.zoneId, t.id), index('audit_events_entity').on(t.entityType, t.entityId)],
);
