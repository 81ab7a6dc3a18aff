import { integer, pgTable, text, unique } from 'drizzle-orm/pg-core';
import { zones } from './zones';

export const districts = pgTable(
  'districts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    name: text().notNull(),
  },
  (t) => [unique('districts_zone_name').on(t.zoneId, t.name)],
);
