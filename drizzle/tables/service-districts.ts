import { index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { districts } from './districts';
import { services } from './services';

export const serviceDistricts = pgTable(
  'service_districts',
  {
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.districtId] }), index('service_districts_district').on(t.districtId)],
);
