import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { commissions } from './commissions';
import { users } from './users';

export const notifications = pgTable(
  'notifications',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    message: text().notNull(),
    commissionId: integer().references(() => commissions.id),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('notifications_user').on(t.userId, t.id)],
);
