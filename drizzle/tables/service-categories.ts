import { index, integer, pgTable, primaryKey } from 'drizzle-orm/pg-core';
import { categories } from './categories';
import { services } from './services';

export const serviceCategories = pgTable(
  'service_categories',
  {
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    categoryId: integer()
      .notNull()
      .references(() => categories.id),
  },
  (t) => [primaryKey({ columns: [t.serviceId, t.categoryId] }), index('service_categories_category').on(t.categoryId)],
);
