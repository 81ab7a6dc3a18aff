import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { districts } from './districts';
import { zones } from './zones';

export const schools = pgTable(
  'schools',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    name: text().notNull(),
    postcode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    // PRIMARY (Reception to year 6), SECONDARY (years 7 to 13) or ALL_THROUGH: which year groups it takes.
    phase: text().notNull().default('ALL_THROUGH'),
  },
  (t) => [
    index('schools_zone').on(t.zoneId, t.name),
    check('schools_latitude', sql`${t.latitude} between -90 and 90`),
    check('schools_phase', sql`${t.phase} in ('PRIMARY', 'SECONDARY', 'ALL_THROUGH')`),
    check('schools_longitude', sql`${t.longitude} between -180 and 180`),
  ],
);
