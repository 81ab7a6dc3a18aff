import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { accessibilityEnum } from './enums';
import { services } from './services';

export const serviceLocations = pgTable(
  'service_locations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    address: text().notNull(),
    /** An imported address's state_province (ORUK requires it; "England"), published back as given. */
    stateProvince: text().notNull().default(''),
    postcode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
    accessibility: accessibilityEnum().array().notNull().default(sql`'{}'`),
    /** Free text about access, as a feed gives it ("ramp at the side door"). */
    accessibilityNotes: text().notNull().default(''),
  },
  (t) => [
    index('service_locations_service').on(t.serviceId),
    check('service_locations_latitude', sql`${t.latitude} between -90 and 90`),
    check('service_locations_longitude', sql`${t.longitude} between -180 and 180`),
  ],
);
