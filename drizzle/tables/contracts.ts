import { sql } from 'drizzle-orm';
import { check, date, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { contractStatusEnum } from './enums';
import { fundingPots } from './funding-pots';
import { organisations } from './organisations';
import { services } from './services';
import { users } from './users';
import { zones } from './zones';

// A block contract (schema/domain/contracts.ts): places at a price per place from a funding pot.
// Signing commits places x price on the pot (a CONTRACT_COMMIT ledger entry); ending releases the
// places never drawn down (CONTRACT_RELEASE). placesUsed moves in the same transaction as each
// commission under the contract, by a conditional UPDATE (never past places).
export const contracts = pgTable(
  'contracts',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    // e.g. BC-7KQ2M, unique per zone: what finance and providers quote.
    reference: text().notNull(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    serviceId: integer()
      .notNull()
      .references(() => services.id),
    fundingPotId: integer()
      .notNull()
      .references(() => fundingPots.id),
    places: integer().notNull(),
    pricePerPlacePence: integer().notNull(),
    startDate: date({ mode: 'string' }).notNull(),
    endDate: date({ mode: 'string' }).notNull(),
    status: contractStatusEnum().notNull().default('DRAFT'),
    // Places held by commissions under the contract (raised and not refused, cancelled or lapsed).
    placesUsed: integer().notNull().default(0),
    // Money on the pot: committed at signing, released at the end (both also in the ledger).
    committedPence: integer().notNull().default(0),
    releasedPence: integer().notNull().default(0),
    createdById: integer()
      .notNull()
      .references(() => users.id),
    signedAt: timestamp({ withTimezone: true }),
    // The day it ended: its end date, or earlier when ended early.
    endedOn: date({ mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('contracts_zone').on(t.zoneId, t.status, t.endDate),
    index('contracts_organisation').on(t.organisationId, t.id),
    unique('contracts_zone_reference').on(t.zoneId, t.reference),
    check('contracts_reference_format', sql`${t.reference} ~ '^BC-[2-9A-HJKMNP-TV-Z]{5}$'`),
    check('contracts_places', sql`${t.places} > 0 and ${t.pricePerPlacePence} > 0`),
    check('contracts_dates', sql`${t.endDate} >= ${t.startDate}`),
    check('contracts_places_used', sql`${t.placesUsed} >= 0 and ${t.placesUsed} <= ${t.places}`),
    check('contracts_money', sql`${t.releasedPence} >= 0 and ${t.releasedPence} <= ${t.committedPence}`),
  ],
);
