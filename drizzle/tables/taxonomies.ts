import { integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';

// Taxonomies other than our own categories (LGA/esd service and needs lists, a feed's own),
// national like the categories: terms are shared by every zone.
export const taxonomies = pgTable('taxonomies', {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  uuid: uuid().notNull().unique(),
  name: text().notNull(),
  description: text().notNull().default(''),
  uri: text(),
  version: text(),
});
