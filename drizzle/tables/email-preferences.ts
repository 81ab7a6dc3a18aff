import { integer, pgEnum, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { users } from './users';

// How each person wants each kind of email (schema/domain/email-preferences.ts); no row means
// IMMEDIATE. Account emails (invitations, password resets) are always sent at once.
export const emailDeliveryEnum = pgEnum('email_delivery', ['IMMEDIATE', 'DAILY_DIGEST', 'OFF']);

export const emailPreferences = pgTable(
  'email_preferences',
  {
    userId: integer()
      .notNull()
      .references(() => users.id),
    kind: text().notNull(),
    delivery: emailDeliveryEnum().notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
