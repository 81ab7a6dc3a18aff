import { index, integer, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';

// A language the service is delivered in (not through an interpreter); code is ISO 639-1 ("pl").
export const serviceLanguages = pgTable(
  'service_languages',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull(),
    code: text(),
  },
  (t) => [index('service_languages_service').on(t.serviceId), index('service_languages_code').on(t.code)],
);
