import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { services } from './services';

export const serviceLocations = pgTable(
  'service_locations',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    address: text().notNull(),
    postcode: text().notNull(),
    latitude: doublePrecision().notNull(),
    longitude: doublePrecision().notNull(),
  },
  (t) => [
    index('service_locations_service').on(t.serviceId),
    check('service_locations_latitude', sql`${t.latitude} between -90 and 90`),
    check('service_locations_longitude', sql`${t.longitude} between -180 and 180`),
  ],
);
