import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgEnum, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { children } from './children';
import { users } from './users';
import { zones } from './zones';

export const consentActionEnum = pgEnum('consent_action', ['GIVEN', 'WITHDRAWN']);
export const consentGiverEnum = pgEnum('consent_giver', ['PARENT_OR_CARER', 'YOUNG_PERSON']);
export const consentMethodEnum = pgEnum('consent_method', ['IN_PERSON', 'PHONE', 'WRITTEN']);
// What the family agreed to. SHARE_WITH_PROVIDERS is what commissioning needs and is part of
// every consent; the others widen it.
export const consentPurposeEnum = pgEnum('consent_purpose', [
  'SHARE_WITH_PROVIDERS',
  'PROVIDER_CONTACTS_FAMILY',
  'OUTCOME_REPORTING',
]);

// The family's consent to share the child's details, as an append-only history (a trigger refuses
// UPDATE, DELETE and TRUNCATE): the newest row says whether consent is in force.
export const childConsents = pgTable(
  'child_consents',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    childId: integer()
      .notNull()
      .references(() => children.id),
    action: consentActionEnum().notNull(),
    // GIVEN only: who gave it, how, and to what.
    givenBy: consentGiverEnum(),
    method: consentMethodEnum(),
    purposes: consentPurposeEnum().array().notNull().default(sql`'{}'`),
    // The day consent was given or withdrawn (as the family said it, not when it was typed in).
    effectiveOn: date({ mode: 'string' }).notNull(),
    // WITHDRAWN only: why.
    reason: text(),
    note: text().notNull().default(''),
    recordedById: integer()
      .notNull()
      .references(() => users.id),
    recordedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('child_consents_child').on(t.childId, t.id),
    check(
      'child_consents_given',
      sql`${t.action} <> 'GIVEN' or (${t.givenBy} is not null and ${t.method} is not null and 'SHARE_WITH_PROVIDERS' = any(${t.purposes}))`,
    ),
    check('child_consents_withdrawn', sql`${t.action} <> 'WITHDRAWN' or ${t.reason} is not null`),
  ],
);
