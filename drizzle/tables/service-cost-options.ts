import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';

// What a family or referrer pays (there may be several), beside the commissionable unit price.
export const serviceCostOptions = pgTable(
  'service_cost_options',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    // Null when the option states no amount (e.g. "free to families on benefits").
    amountPence: integer(),
    /** What the amount is for: "per session", "per term". */
    per: text().notNull().default(''),
    conditions: text().notNull().default(''),
  },
  (t) => [
    index('service_cost_options_service').on(t.serviceId),
    check('service_cost_options_amount', sql`${t.amountPence} is null or ${t.amountPence} >= 0`),
  ],
);
