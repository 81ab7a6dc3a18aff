import { type AnyPgColumn, integer, pgTable, text } from 'drizzle-orm/pg-core';

// The shared national taxonomy: two levels, no zone.
export const categories = pgTable('categories', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  parentId: integer().references((): AnyPgColumn => categories.id),
  slug: text().notNull().unique(),
  name: text().notNull(),
  position: integer().notNull().default(0),
});
