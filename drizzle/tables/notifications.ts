import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { children } from './children';
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
    // A notification about a child (an outcome measure due or overdue), for their link worker.
    childId: integer().references(() => children.id),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    readAt: timestamp({ withTimezone: true }),
  },
  (t) => [index('notifications_user').on(t.userId, t.id)],
);
