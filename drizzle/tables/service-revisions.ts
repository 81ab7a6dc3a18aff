import { sql } from 'drizzle-orm';
import { check, index, integer, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { services } from './services';
import { users } from './users';
import { zones } from './zones';

// PENDING: waits for a commissioner or administrator (the zone's listingEditsNeedApproval);
// APPLIED: a version of the listing; REJECTED: not applied, with a reason; SUPERSEDED: a later
// pending edit of the same listing took its place before anyone decided.
export const revisionStatusEnum = pgEnum('revision_status', ['PENDING', 'APPLIED', 'REJECTED', 'SUPERSEDED']);

/**
 * A listing's versions (issue 14, point 7): every change to a listing's content is a row, holding
 * the whole listing before and after (schema/domain/listing.ts's Listing), who made it and which
 * fields changed. The services row is always the live version.
 */
export const serviceRevisions = pgTable(
  'service_revisions',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    serviceId: integer()
      .notNull()
      .references(() => services.id),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    status: revisionStatusEnum().notNull(),
    before: jsonb().$type<Record<string, unknown>>(),
    after: jsonb().$type<Record<string, unknown>>().notNull(),
    changedFields: text().array().notNull().default(sql`'{}'`),
    authorId: integer().references(() => users.id),
    createdAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    decidedById: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true, mode: 'string' }),
    reason: text(),
    /** The version this one restores, when it is a restore. */
    restoredFromId: integer(),
  },
  (t) => [
    index('service_revisions_service').on(t.serviceId, t.id),
    index('service_revisions_zone_status').on(t.zoneId, t.status),
    // At most one edit waits per listing.
    uniqueIndex('service_revisions_one_pending').on(t.serviceId).where(sql`${t.status} = 'PENDING'`),
    check('service_revisions_reason', sql`${t.status} <> 'REJECTED' or ${t.reason} is not null`),
  ],
);
