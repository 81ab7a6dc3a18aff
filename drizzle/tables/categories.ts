import { type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

// The shared national taxonomy: two levels, no zone.
export const categories = pgTable('categories', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  parentId: integer().references((): AnyPgColumn => categories.id),
  slug: text().notNull().unique(),
  name: text().notNull(),
  position: integer().notNull().default(0),
  // The same in every installation (derived from the slug), so feeds between portals match terms.
  uuid: uuid()
    .notNull()
    .generatedAlwaysAs((): SQL => sql`md5('portal-category:' || ${categories.slug})::uuid`),
});
