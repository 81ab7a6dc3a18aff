import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';
import { zones } from './zones';

// Who did what to which record, append-only (a trigger refuses UPDATE and DELETE), each row linked
// into a hash chain as its transaction commits (hash-chains.ts).
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
  },
  (t) => [index('audit_events_zone').on(t.zoneId, t.id), index('audit_events_entity').on(t.entityType, t.entityId)],
);
