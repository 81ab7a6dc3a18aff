import { sql } from 'drizzle-orm';
import { check, index, integer, pgEnum, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisationKindEnum } from './enums';
import { organisations } from './organisations';
import { users } from './users';
import { zones } from './zones';

// A provider's request to join a zone's directory (the public "join" form). An administrator of
// the zone approves it (the organisation is created and the contact invited) or declines it.
export const organisationRequestStatusEnum = pgEnum('organisation_request_status', ['PENDING', 'APPROVED', 'DECLINED']);

export const organisationRequests = pgTable(
  'organisation_requests',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    uuid: uuid().notNull().unique().defaultRandom(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    status: organisationRequestStatusEnum().notNull().default('PENDING'),
    kind: organisationKindEnum().notNull(),
    name: text().notNull(),
    description: text().notNull().default(''),
    charityNumber: text(),
    companyNumber: text(),
    phone: text(),
    website: text(),
    // The first contact: invited as the organisation's first provider user on approval.
    contactName: text().notNull(),
    contactEmail: text().notNull(),
    decidedById: integer().references(() => users.id),
    decidedAt: timestamp({ withTimezone: true }),
    declineReason: text(),
    organisationId: integer().references(() => organisations.id),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('organisation_requests_zone_status').on(t.zoneId, t.status, t.createdAt),
    // One pending request per charity number, company number and contact address in a zone.
    uniqueIndex('organisation_requests_pending_charity')
      .on(t.zoneId, t.charityNumber)
      .where(sql`${t.status} = 'PENDING' and ${t.charityNumber} is not null`),
    uniqueIndex('organisation_requests_pending_company')
      .on(t.zoneId, t.companyNumber)
      .where(sql`${t.status} = 'PENDING' and ${t.companyNumber} is not null`),
    uniqueIndex('organisation_requests_pending_email').on(t.zoneId, t.contactEmail).where(sql`${t.status} = 'PENDING'`),
    check('organisation_requests_has_number', sql`${t.charityNumber} is not null or ${t.companyNumber} is not null`),
    check('organisation_requests_email_lower', sql`${t.contactEmail} = lower(${t.contactEmail})`),
    check(
      'organisation_requests_decided',
      sql`(${t.status} = 'PENDING') = (${t.decidedAt} is null) and (${t.status} = 'DECLINED') = (${t.declineReason} is not null) and (${t.status} = 'APPROVED') = (${t.organisationId} is not null)`,
    ),
  ],
);
