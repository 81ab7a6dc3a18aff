import { date, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { children } from './children';

// Outcome schedule reminders already given (schema/domain/outcome-reminders.ts): one per child,
// scheduled point (its label and due date) and kind (DUE when its window opens, OVERDUE after it
// closes). The primary key makes each reminder happen once, however often and wherever the job runs.
export const outcomeReminders = pgTable(
  'outcome_reminders',
  {
    childId: integer()
      .notNull()
      .references(() => children.id),
    point: text().notNull(),
    dueBy: date({ mode: 'string' }).notNull(),
    // 'DUE' or 'OVERDUE'.
    kind: text().notNull(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.childId, t.point, t.dueBy, t.kind] })],
);
