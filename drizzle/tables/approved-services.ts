import { sql } from 'drizzle-orm';
import { check, date, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { services } from './services';
import { users } from './users';
import { zones } from './zones';

// A zone's approved services (issue 12, point 5), kept by its commissioners: each with an evidence
// rating (schema/domain/evidence-ratings.json), the date it was approved and the date its approval
// is to be reviewed. Once a zone keeps any, a commission for a service not on it always needs a
// commissioner's approval, whatever its amount (schema/domain/commissions.ts).
export const approvedServices = pgTable(
  'approved_services',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    serviceId: integer()
      .notNull()
      .references(() => services.id),
    evidenceRating: text().notNull(),
    approvedOn: date({ mode: 'string' }).notNull(),
    reviewOn: date({ mode: 'string' }).notNull(),
    note: text().notNull().default(''),
    approvedById: integer().references(() => users.id),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('approved_services_zone_service').on(t.zoneId, t.serviceId),
    check('approved_services_review_after', sql`${t.reviewOn} > ${t.approvedOn}`),
  ],
);
