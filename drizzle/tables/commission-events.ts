import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { commissions } from './commissions';
import { commissionStatusEnum } from './enums';
import { users } from './users';

// The commission's timeline, append-only.
export const commissionEvents = pgTable(
  'commission_events',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    commissionId: integer()
      .notNull()
      .references(() => commissions.id),
    action: text().notNull(),
    fromStatus: commissionStatusEnum(),
    toStatus: commissionStatusEnum().notNull(),
    // Null for the portal's own steps (response deadlines: reminders, escalation, lapse).
    actorId: integer().references(() => users.id),
    note: text().notNull().default(''),
    at: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [index('commission_events_commission').on(t.commissionId, t.id)],
);
