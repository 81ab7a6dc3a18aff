import { sql } from 'drizzle-orm';
import { check, date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { services } from './services';
import { users } from './users';
import { zones } from './zones';

// Decommissioning reviews (issue 12, point 6; schema/domain/service-reviews.ts): a commissioner
// opens one with its reasons, the provider responds, a commissioner decides with the evidence and
// the service's outcome figures at the time. At most one open review per service; the rows stay.
export const serviceReviews = pgTable(
  'service_reviews',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    serviceId: integer()
      .notNull()
      .references(() => services.id),
    // LOW_UPTAKE, POOR_OUTCOMES, PRICE, COMPLAINTS, OTHER.
    reasons: text().array().notNull(),
    reasonText: text().notNull(),
    openedById: integer()
      .notNull()
      .references(() => users.id),
    openedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    providerResponse: text(),
    respondedById: integer().references(() => users.id),
    respondedAt: timestamp({ withTimezone: true }),
    // CONTINUE, CONTINUE_WITH_CONDITIONS, DECOMMISSION; null while open.
    decision: text(),
    conditions: text(),
    decommissionFrom: date({ mode: 'string' }),
    evidence: text(),
    outcomeSnapshot: jsonb().$type<Record<string, unknown>>(),
    decidedById: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
  },
  (t) => [
    index('service_reviews_service').on(t.serviceId, t.id),
    uniqueIndex('service_reviews_one_open').on(t.serviceId).where(sql`${t.decision} is null`),
    check(
      'service_reviews_decision',
      sql`${t.decision} is null or ${t.decision} in ('CONTINUE', 'CONTINUE_WITH_CONDITIONS', 'DECOMMISSION')`,
    ),
    check(
      'service_reviews_decommission_from',
      sql`(${t.decision} = 'DECOMMISSION') = (${t.decommissionFrom} is not null)`,
    ),
  ],
);
