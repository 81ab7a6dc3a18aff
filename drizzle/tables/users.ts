import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { roleEnum } from './enums';
import { organisations } from './organisations';
import { zones } from './zones';

export const users = pgTable(
  'users',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    // Stored lower-cased; unique across the deployment so sign-in needs no zone.
    email: text().notNull().unique(),
    name: text().notNull(),
    role: roleEnum().notNull(),
    organisationId: integer().references(() => organisations.id),
    passwordHash: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_zone_role').on(t.zoneId, t.role),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_provider_has_organisation', sql`(${t.role} = 'PROVIDER') = (${t.organisationId} is not null)`),
  ],
);
