import { index, integer, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';
import { taxonomyTerms } from './taxonomy-terms';

// A service tagged with a term of another taxonomy (our own categories are service_categories).
export const serviceAttributes = pgTable(
  'service_attributes',
  {
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    taxonomyTermId: integer()
      .notNull()
      .references(() => taxonomyTerms.id),
    uuid: uuid().notNull().unique().defaultRandom(),
  },
  (t) => [
    primaryKey({ columns: [t.serviceId, t.taxonomyTermId] }),
    index('service_attributes_term').on(t.taxonomyTermId),
  ],
);
