import { sql } from 'drizzle-orm';
import { boolean, check, doublePrecision, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { users } from './users';
import { zones } from './zones';

// A zone's own outcome measures, added by its administrators. The shipped definitions
// (SDQ_TOTAL, SWEMWBS, GBO) are a data file (schema/domain/measures.json), the same for every zone.
// Reliable change needs either the measure's reliability and a reference standard deviation
// (Jacobson-Truax) or a published reliable change threshold in score points; each with its source.
export const measureDefinitions = pgTable(
  'measure_definitions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    code: text().notNull(),
    name: text().notNull(),
    minScore: integer().notNull(),
    maxScore: integer().notNull(),
    // 'LOWER' or 'HIGHER': which way is better.
    better: text().notNull(),
    reliability: doublePrecision(),
    referenceSd: doublePrecision(),
    reliableChangeThreshold: doublePrecision(),
    clinicalCutoff: integer(),
    // Several scored items per child (e.g. one per goal), each tracked separately.
    multipleItems: boolean().notNull().default(false),
    // Where each constant comes from, shown wherever the constant is.
    reliabilitySource: text().notNull().default(''),
    referenceSdSource: text().notNull().default(''),
    thresholdSource: text().notNull().default(''),
    cutoffSource: text().notNull().default(''),
    notice: text().notNull().default(''),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('measure_definitions_zone_code').on(t.zoneId, t.code),
    check('measure_definitions_range', sql`${t.minScore} < ${t.maxScore}`),
    check('measure_definitions_better', sql`${t.better} in ('LOWER', 'HIGHER')`),
    check(
      'measure_definitions_reliable_change',
      sql`(${t.reliability} > 0 and ${t.reliability} < 1 and ${t.referenceSd} > 0) or ${t.reliableChangeThreshold} > 0`,
    ),
  ],
);
