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
    firstName: text().notNull(),
    lastName: text().notNull(),
    dateOfBirth: date({ mode: 'string' }).notNull(),
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
  },
  (t) => [
    index('children_link_worker').on(t.linkWorkerId, t.reference),
    index('children_zone_school').on(t.zoneId, t.schoolId),
    check('children_year_group', sql`${t.yearGroup} between 0 and 13`),
    check('children_programme', sql`${t.programmeStart} < ${t.programmeEnd}`),
  ],
);
