import { sql } from 'drizzle-orm';
import { boolean, check, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { unspentPolicyEnum } from './enums';

export const zones = pgTable(
  'zones',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    // Commissions at or under this amount are approved as soon as they are raised.
    delegatedLimitPence: integer().notNull().default(25000),
    // Budget period label, e.g. "2026-27"; budgets, pots and allocations belong to one period.
    currentPeriod: text().notNull(),
    // Outcome schedule: baseline within this many weeks of a child's programme start, then follow-ups
    // at these months after it.
    outcomeBaselineWeeks: integer().notNull().default(6),
    outcomeFollowUpMonths: integer().array().notNull().default(sql`'{12,24}'::integer[]`),
    // Providers accept or decline an approved commission within this many working days (England
    // and Wales); it lapses (EXPIRED) this many working days after that.
    responseWorkingDays: integer().notNull().default(5),
    lapseGraceWorkingDays: integer().notNull().default(2),
    // The needs a child may be recorded with (children.needs holds a subset), chosen per zone.
    needTags: text()
      .array()
      .notNull()
      .default(
        sql`'{anxiety,attendance,"family conflict",bereavement,"speech and language",isolation,behaviour,"young carer",literacy,"healthy weight"}'::text[]`,
      ),
    // Changes to a published listing wait for a commissioner or administrator to approve them.
    listingEditsNeedApproval: boolean().notNull().default(false),
    // The delegated limit counts a child's other open commissions for the same service this period:
    // splitting one purchase into small ones does not get round it (off: each commission alone).
    delegatedLimitCountsSameService: boolean().notNull().default(false),
    // How often schools and district leads are emailed the local offer digest: OFF, WEEKLY or MONTHLY.
    localOfferSchedule: text().notNull().default('MONTHLY'),
    // Measure codes an administrator switched off for the zone: not offered for new scores; history stays.
    measuresOff: text().array().notNull().default(sql`'{}'::text[]`),
    // Closing a budget period: children's unspent allocations carry forward or return to their pots.
    unspentPolicy: unspentPolicyEnum().notNull().default('RETURN_TO_POT'),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    check('zones_limit_nonnegative', sql`${t.delegatedLimitPence} >= 0`),
    check(
      'zones_response_days',
      sql`${t.responseWorkingDays} between 1 and 60 and ${t.lapseGraceWorkingDays} between 0 and 60`,
    ),
    check('zones_local_offer_schedule', sql`${t.localOfferSchedule} in ('OFF', 'WEEKLY', 'MONTHLY')`),
    check('zones_slug_format', sql`${t.slug} ~ '^[a-z0-9-]{2,40}$'`),
  ],
);
