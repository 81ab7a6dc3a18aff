import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { services } from './services';

export type ContactPhone = { uuid: string; number: string; description: string };

// People to contact about a service, each with any number of phones.
export const serviceContacts = pgTable(
  'service_contacts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    serviceId: integer()
      .notNull()
      .references(() => services.id, { onDelete: 'cascade' }),
    name: text().notNull().default(''),
    title: text().notNull().default(''),
    email: text(),
    phones: jsonb().$type<ContactPhone[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index('service_contacts_service').on(t.serviceId)],
);
