import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { organisationKindEnum } from './enums';
import { zones } from './zones';

export const organisations = pgTable(
  'organisations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    kind: organisationKindEnum().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    charityNumber: text(),
    companyNumber: text(),
    email: text(),
    phone: text(),
    website: text(),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisations_zone_name').on(t.zoneId, t.name)],
);
