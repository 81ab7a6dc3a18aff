import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { childStatusEnum } from './enums';
import { schools } from './schools';
import { users } from './users';
import { zones } from './zones';

export const children = pgTable(
  'children',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    // Pseudonymous reference, the only identifier commissioners and reports use.
    reference: text().notNull().unique(),
    // Null once anonymised (RETENTION_YEARS after the programme ended); the reference stays.
    firstName: text(),
    lastName: text(),
    dateOfBirth: date({ mode: 'string' }),
    yearGroup: integer().notNull(),
    schoolId: integer()
      .notNull()
      .references(() => schools.id),
    linkWorkerId: integer()
      .notNull()
      .references(() => users.id),
    programmeStart: date({ mode: 'string' }).notNull(),
    programmeEnd: date({ mode: 'string' }).notNull(),
    needs: text().array().notNull().default(sql`'{}'`),
    status: childStatusEnum().notNull().default('ACTIVE'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    anonymisedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('children_link_worker').on(t.linkWorkerId, t.reference),
    index('children_zone_school').on(t.zoneId, t.schoolId),
    // Evidence text is kept without the zone's children's names (without_personal_data, on every
    // logged search): a probe per word, not a scan of the zone's children.
    index('children_zone_first_name').on(t.zoneId, sql`lower(${t.firstName})`),
    index('children_zone_last_name').on(t.zoneId, sql`lower(${t.lastName})`),
    // ...and each part of a name of more than one ("Da Silva", "Smith-Jones"), keyed with its zone.
    // Children are added rarely and searched on every logged search: no pending list to read through.
    index('children_zone_name_parts')
      .using('gin', sql`"personal_data_name_keys"(${t.zoneId}, ${t.firstName}, ${t.lastName})`)
      .with({ fastupdate: false }),
    check('children_year_group', sql`${t.yearGroup} between 0 and 13`),
    check('children_programme', sql`${t.programmeStart} < ${t.programmeEnd}`),
    check(
      'children_identity',
      sql`${t.anonymisedAt} is not null or (${t.firstName} is not null and ${t.lastName} is not null and ${t.dateOfBirth} is not null)`,
    ),
  ],
);
