import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { children } from './children';
import { users } from './users';

export const outcomeMeasures = pgTable(
  'outcome_measures',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    childId: integer()
      .notNull()
      .references(() => children.id),
    // e.g. "SDQ_TOTAL" (Strengths and Difficulties Questionnaire total difficulties, 0-40).
    measure: text().notNull(),
    // The goal (or other item) this score is for, when the measure scores several per child; else ''.
    item: text().notNull().default(''),
    score: integer().notNull(),
    measuredOn: date({ mode: 'string' }).notNull(),
    note: text().notNull().default(''),
    // Recorded after its scheduled window closed (still accepted).
    late: boolean().notNull().default(false),
    recordedById: integer()
      .notNull()
      .references(() => users.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('outcome_measures_child').on(t.childId, t.measuredOn),
    check('outcome_measures_sdq_range', sql`${t.measure} <> 'SDQ_TOTAL' or ${t.score} between 0 and 40`),
  ],
);
