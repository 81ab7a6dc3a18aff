import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { taxonomies } from './taxonomies';

export const taxonomyTerms = pgTable(
  'taxonomy_terms',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique(),
    taxonomyId: integer()
      .notNull()
      .references(() => taxonomies.id),
    parentUuid: uuid(),
    /** The term's code in its taxonomy ("47" in the esd service list). */
    code: text(),
    name: text().notNull(),
    description: text().notNull().default(''),
    termUri: text(),
  },
  (t) => [index('taxonomy_terms_taxonomy').on(t.taxonomyId)],
);
