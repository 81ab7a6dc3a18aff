import { index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { unspentPolicyEnum } from './enums';
import { users } from './users';
import { zones } from './zones';

// A closed budget period (schema/domain/period-close.ts): one row per zone and period, written in
// the same transaction as the close's ledger entries; the report is what closing did, kept as shown.
export const periodCloses = pgTable(
  'period_closes',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    period: text().notNull(),
    nextPeriod: text().notNull(),
    policy: unspentPolicyEnum().notNull(),
    // { pots: [...], funds: [...], totals } as schema/domain/period-close.ts builds it.
    report: jsonb().notNull(),
    closedById: integer()
      .notNull()
      .references(() => users.id),
    closedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('period_closes_zone_period').on(t.zoneId, t.period), index('period_closes_zone').on(t.zoneId)],
);
