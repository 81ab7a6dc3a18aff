import { index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './users';

// Single-use links that let someone set their password: a first administrator's sign-in link,
// invitations, password resets. Only the SHA-256 of the token is stored.
export const accountTokenPurposeEnum = pgEnum('account_token_purpose', [
  'FIRST_SIGN_IN',
  'INVITATION',
  'PASSWORD_RESET',
]);

export const accountTokens = pgTable(
  'account_tokens',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    userId: integer()
      .notNull()
      .references(() => users.id),
    purpose: accountTokenPurposeEnum().notNull(),
    tokenHash: text().notNull().unique(),
    expiresAt: timestamp({ withTimezone: true }).notNull(),
    usedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('account_tokens_user').on(t.userId)],
);
