import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { children } from './children';
import { services } from './services';
import { users } from './users';
import { zones } from './zones';

/**
 * A link worker's shortlist of services (issue 14, point 8): for one child (seen only by link
 * workers with that child on their caseload) or a named list to share with a family (its owner's;
 * printed or emailed with the services' public details only).
 */
export const shortlists = pgTable(
  'shortlists',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    ownerId: integer()
      .notNull()
      .references(() => users.id),
    childId: integer().references(() => children.id),
    name: text(),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [
    index('shortlists_owner').on(t.ownerId, t.id),
    index('shortlists_child').on(t.childId),
    check('shortlists_child_or_name', sql`(${t.childId} is null) <> (${t.name} is null)`),
  ],
);

export const shortlistItems = pgTable(
  'shortlist_items',
  {
    shortlistId: integer()
      .notNull()
      .references(() => shortlists.id, { onDelete: 'cascade' }),
    serviceId: integer()
      .notNull()
      .references(() => services.id),
    addedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.shortlistId, t.serviceId] })],
);
