import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

// Keys the server signs with (a page's cursor), made once per database so that every API process
// on it, and the same one after a restart or a restore, accepts what another handed out.
export const serverKeys = pgTable('server_keys', {
  purpose: text().primaryKey(),
  secret: text().notNull(),
  createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
});
