import { sql } from 'drizzle-orm';
import { boolean, check, date, index, integer, pgTable, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { childBudgets } from './child-budgets';
import { children } from './children';
import { contracts } from './contracts';
import { commissionStatusEnum } from './enums';
import { organisations } from './organisations';
import { services } from './services';
import { users } from './users';
import { zones } from './zones';

export const commissions = pgTable(
  'commissions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    // Short human reference, e.g. CR-7KQ2M (schema/domain/commission-reference.ts), unique per zone.
    reference: text().notNull(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    childId: integer()
      .notNull()
      .references(() => children.id),
    budgetId: integer()
      .notNull()
      .references(() => childBudgets.id),
    serviceId: integer()
      .notNull()
      .references(() => services.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    linkWorkerId: integer()
      .notNull()
      .references(() => users.id),
    // Raised under a block contract (schema/domain/contracts.ts): a place drawn down, priced 0 on the
    // child's budget; with stretch, a place beyond the block at the contract price from the budget.
    contractId: integer().references(() => contracts.id),
    stretch: boolean().notNull().default(false),
    units: integer().notNull(),
    // Copied from the service when raised: later price changes do not alter it.
    unitPricePence: integer().notNull(),
    amountPence: integer().notNull(),
    unitsDelivered: integer().notNull().default(0),
    // The link worker's reasons, about the child and family: link worker and commissioners only.
    rationale: text().notNull(),
    // What the provider is asked to deliver, written for them: all the provider sees of the request.
    requestToProvider: text().notNull(),
    requestedStartDate: date({ mode: 'string' }),
    status: commissionStatusEnum().notNull(),
    // Why it waits for a commissioner: over the delegated limit, or a service not on the zone's
    // approved list (schema/domain/approved-services.ts); null when approved at once.
    approvalReason: text(),
    // Set when approved (or auto-approved): from then on the commission is addressed to the provider.
    approvedAt: timestamp({ withTimezone: true }),
    // Set while the family's consent is withdrawn (schema/domain/consent.ts): the status and the
    // reservation stay, nobody but a canceller may act, and the provider sees only the reference.
    pausedAt: timestamp({ withTimezone: true }),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('commissions_zone_status').on(t.zoneId, t.status, t.id),
    // The zone's list newest (or oldest) first, whatever the filter: without it the planner walks the
    // primary key through every other zone's commissions to find a page of an early zone's.
    index('commissions_zone_id').on(t.zoneId, t.id),
    // A listing's commissions: the list's service filter, and reconcile's places taken per listing.
    index('commissions_service').on(t.serviceId, t.status),
    index('commissions_child').on(t.childId, t.id),
    index('commissions_organisation').on(t.organisationId, t.status, t.id),
    index('commissions_link_worker').on(t.linkWorkerId, t.id),
    unique('commissions_zone_reference').on(t.zoneId, t.reference),
    check('commissions_reference_format', sql`${t.reference} ~ '^CR-[2-9A-HJKMNP-TV-Z]{5}$'`),
    check(
      'commissions_units',
      sql`${t.units} > 0 and (${t.unitPricePence} > 0 or (${t.contractId} is not null and not ${t.stretch} and ${t.unitPricePence} = 0))`,
    ),
    check('commissions_stretch', sql`not ${t.stretch} or ${t.contractId} is not null`),
    check('commissions_amount', sql`${t.amountPence} = ${t.units} * ${t.unitPricePence}`),
    check('commissions_delivered', sql`${t.unitsDelivered} >= 0 and ${t.unitsDelivered} <= ${t.units}`),
  ],
);
