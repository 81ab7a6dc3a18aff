import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { organisationKindEnum } from './enums';
import { importSources } from './import-sources';
import { zones } from './zones';

export const organisations = pgTable(
  'organisations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
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
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Created by an import: the feed, and the organisation's id there.
    sourceId: integer().references(() => importSources.id),
    externalId: text(),
  },
  (t) => [
    index('organisations_zone_name').on(t.zoneId, t.name),
    unique('organisations_source_external').on(t.sourceId, t.externalId),
  ],
);
