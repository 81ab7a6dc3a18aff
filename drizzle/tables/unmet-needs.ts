import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { children } from './children';
import { districts } from './districts';
import { users } from './users';
import { zones } from './zones';

// "No suitable service" (issue 12, point 7; schema/domain/unmet-needs.ts): a link worker records
// that nothing in the directory met one of a child's needs, in the child's district, and what was
// tried. Reports count these by need and district; no child's name is kept here.
export const unmetNeeds = pgTable(
  'unmet_needs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    childId: integer()
      .notNull()
      .references(() => children.id),
    needTag: text().notNull(),
    // The child's school's district when it has one.
    districtId: integer().references(() => districts.id),
    tried: text().notNull(),
    recordedById: integer()
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('unmet_needs_zone_time').on(t.zoneId, t.recordedAt),
    check('unmet_needs_tried', sql`length(${t.tried}) between 1 and 2000`),
  ],
);
