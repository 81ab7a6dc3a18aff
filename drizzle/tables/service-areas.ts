import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';

// Where a service is available ("Lewisham", "SE6 and SE13"); extent is an optional GeoJSON/WKT shape.
export const serviceAreas = pgTable(
  'service_areas',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    description: text().notNull().default(''),
    extent: text(),
    extentType: text(),
    uri: text(),
    /** The feed's `service_area` when it gave one besides a different `name`; else the name stands for both. */
    serviceArea: text(),
  },
  (t) => [index('service_areas_service').on(t.serviceId)],
);
