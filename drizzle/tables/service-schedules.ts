import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, time, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';

// A regular opening: on these days (RFC 5545 BYDAY codes MO..SU), from opensAt to closesAt; every
// week unless an imported Open Referral schedule says otherwise (fortnightly, monthly).
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
    /** The ORUK/iCal rule: WEEKLY or MONTHLY, every `interval` weeks or months, counted from dtstart. */
    freq: text().notNull().default('WEEKLY'),
    interval: integer().notNull().default(1),
    dtstart: date({ mode: 'string' }),
    /** MONTHLY days of the month (1..31, or -1..-31 counted from its end). */
    byMonthDay: integer().array().notNull().default(sql`'{}'`),
    /** MONTHLY days with their occurrence ('1MO' first Monday, '-1FR' last Friday) as the feed gave
     * them; byDay keeps the plain days, which searching by day reads. */
    byDayInMonth: text().array().notNull().default(sql`'{}'`),
  },
  (t) => [
    index('service_schedules_service').on(t.serviceId),
    check('service_schedules_days', sql`${t.byDay} <@ array['MO','TU','WE','TH','FR','SA','SU']::text[]`),
    check(
      'service_schedules_times',
      sql`${t.opensAt} is null or ${t.closesAt} is null or ${t.opensAt} < ${t.closesAt}`,
    ),
    check('service_schedules_freq', sql`${t.freq} in ('WEEKLY', 'MONTHLY') and ${t.interval} between 1 and 99`),
    check(
      'service_schedules_month_days',
      sql`0 <> all(${t.byMonthDay}) and -31 <= all(${t.byMonthDay}) and 31 >= all(${t.byMonthDay})`,
    ),
    check(
      'service_schedules_days_in_month',
      sql`array_to_string(${t.byDayInMonth}, ',') ~ '^((-?[1-5])?(MO|TU|WE|TH|FR|SA|SU)(,|$))*$'`,
    ),
    check(
      'service_schedules_valid',
      sql`${t.validFrom} is null or ${t.validTo} is null or ${t.validFrom} <= ${t.validTo}`,
    ),
  ],
);
