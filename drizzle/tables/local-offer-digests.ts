import { index, integer, jsonb, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { districts } from './districts';
import { schools } from './schools';
import { zones } from './zones';

/** A service as a digest listed it: what "new or changed since the last digest" compares against. */
export type DigestedService = { id: number; name: string; lastModified: string };

// Each local-offer digest sent (schema/domain/local-offer.ts): for a district, or for one school
// (a school's digest lists its district's services), in a schedule period ("2026-11", "2026-W48").
// The unique (scope, period) is what makes the scheduled send happen once across processes.
export const localOfferDigests = pgTable(
  'local_offer_digests',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    districtId: integer()
      .notNull()
      .references(() => districts.id),
    schoolId: integer().references(() => schools.id),
    /** "district:<id>" or "school:<id>". */
    scope: text().notNull(),
    period: text().notNull(),
    generatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    recipients: integer().notNull().default(0),
    services: jsonb().$type<DigestedService[]>().notNull(),
  },
  (t) => [
    unique('local_offer_digests_scope_period').on(t.scope, t.period),
    index('local_offer_digests_scope_at').on(t.scope, t.generatedAt),
  ],
);
