import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, time, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';

// A regular weekly opening: on these days (RFC 5545 BYDAY codes MO..SU), from opensAt to closesAt.
export const serviceSchedules = pgTable(
  'service_schedules',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    byDay: text().array().notNull().default(sql`'{}'`),
    opensAt: time(),
    closesAt: time(),
    validFrom: date({ mode: 'string' }),
    validTo: date({ mode: 'string' }),
    description: text().notNull().default(''),
  },
  (t) => [
    index('service_schedules_service').on(t.serviceId),
    check('service_schedules_days', sql`${t.byDay} <@ array['MO','TU','WE','TH','FR','SA','SU']::text[]`),
    check(
      'service_schedules_times',
      sql`${t.opensAt} is null or ${t.closesAt} is null or ${t.opensAt} < ${t.closesAt}`,
    ),
    check(
      'service_schedules_valid',
      sql`${t.validFrom} is null or ${t.validTo} is null or ${t.validFrom} <= ${t.validTo}`,
    ),
  ],
);
