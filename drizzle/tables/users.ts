import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { districts } from './districts';
import { roleEnum } from './enums';
import { organisations } from './organisations';
import { schools } from './schools';
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
    // The scope of a DISTRICT_LEAD (their district) and a SCHOOL_LEAD (their school).
    districtId: integer().references(() => districts.id),
    schoolId: integer().references(() => schools.id),
    passwordHash: text().notNull(),
    active: boolean().notNull().default(true),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('users_zone_role').on(t.zoneId, t.role),
    // An organisation's provider staff, told of each commission it is sent (a scan of every user without it).
    index('users_organisation').on(t.organisationId),
    check('users_email_lower', sql`${t.email} = lower(${t.email})`),
    check('users_provider_has_organisation', sql`(${t.role} = 'PROVIDER') = (${t.organisationId} is not null)`),
    check('users_district_lead_has_district', sql`(${t.role}::text = 'DISTRICT_LEAD') = (${t.districtId} is not null)`),
    check('users_school_lead_has_school', sql`(${t.role}::text = 'SCHOOL_LEAD') = (${t.schoolId} is not null)`),
  ],
);
