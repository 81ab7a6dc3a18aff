import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, uniqueIndex } from 'drizzle-orm/pg-core';
import { commissions } from './commissions';
import { contracts } from './contracts';
import { organisations } from './organisations';
import { paymentRuns } from './payment-runs';
import { zones } from './zones';

// One payable line of a payment run: a completed commission's spend, or one month's instalment
// of a contract, or a top-up of one (schema/domain/payment-runs.ts). The unique indexes make a line
// payable once ever: two runs racing for the same line cannot both take it.
export const paymentLines = pgTable(
  'payment_lines',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    runId: integer()
      .notNull()
      .references(() => paymentRuns.id),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    // The supplier's name as paid: the run's file and remittance say it for good, whatever the
    // organisation is called later.
    supplierName: text().notNull(),
    // Provider's number in the run (1, 2, ...): the remittance number is PR-XXXXX/n.
    remittanceNumber: text().notNull(),
    commissionId: integer().references(() => commissions.id),
    contractId: integer().references(() => contracts.id),
    // A contract instalment's month, YYYY-MM.
    month: text(),
    // An instalment pays that month's places firstPlace .. firstPlace + places - 1 (counted in the
    // order the runs took them): a run dated before the month ends pays the places so far, and a
    // later run a top-up line starting where it stopped. Null for a commission's line.
    firstPlace: integer(),
    places: integer(),
    amountPence: integer().notNull(),
    // COUNCIL, SCHOOLS_DSG, ... (the pot's source; for a commission the child budget's main source).
    fundSource: text().notNull(),
    description: text().notNull(),
  },
  (t) => [
    index('payment_lines_run').on(t.runId, t.organisationId, t.id),
    index('payment_lines_organisation').on(t.organisationId, t.id),
    uniqueIndex('payment_lines_commission_once').on(t.commissionId),
    // Two runs computing the same top-up start at the same place: one takes it.
    uniqueIndex('payment_lines_instalment_places_once').on(t.contractId, t.month, t.firstPlace),
    check('payment_lines_amount', sql`${t.amountPence} > 0`),
    check(
      'payment_lines_what',
      sql`(${t.commissionId} is not null and ${t.contractId} is null and ${t.month} is null and ${t.firstPlace} is null and ${t.places} is null) or (${t.commissionId} is null and ${t.contractId} is not null and ${t.month} ~ '^[0-9]{4}-[0-9]{2}$' and ${t.firstPlace} >= 1 and ${t.places} >= 1)`,
    ),
  ],
);
