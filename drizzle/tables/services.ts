import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  check,
  customType,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { deliveryModeEnum, evidenceLevelEnum, serviceStatusEnum } from './enums';
import { importSources } from './import-sources';
import { organisations } from './organisations';
import { zones } from './zones';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const services = pgTable(
  'services',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    /** The stable public id (Open Referral ids are UUIDs). */
    uuid: uuid().notNull().unique().defaultRandom(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    organisationId: integer()
      .notNull()
      .references(() => organisations.id),
    name: text().notNull(),
    description: text().notNull(),
    eligibility: text().notNull().default(''),
    minAge: integer().notNull().default(0),
    maxAge: integer().notNull().default(25),
    deliveryModes: deliveryModeEnum().array().notNull().default(sql`'{}'`),
    // null means free; otherwise the price of one unit ("session", "term") in pence.
    unitPricePence: integer(),
    unitName: text(),
    commissionable: boolean().notNull().default(false),
    // Decommissioned by the zone's commissioners (schema/domain/service-reviews.ts): from this date it
    // takes no new commissions; live ones finish.
    decommissionedFrom: date({ mode: 'string' }),
    // Places the listing offers at once; null means not limited / not stated.
    capacity: integer(),
    // Places held now: one per ACCEPTED commission, kept by the same transaction as the transition
    // (a conditional UPDATE against capacity, see schema/domain/capacity.ts).
    placesTaken: integer().notNull().default(0),
    evidenceLevel: evidenceLevelEnum().notNull().default('NONE'),
    referralLeadTimeDays: integer(),
    /** Families can refer themselves; null when the listing does not say. */
    selfReferral: boolean(),
    contactName: text(),
    contactEmail: text(),
    contactPhone: text(),
    website: text(),
    status: serviceStatusEnum().notNull().default('DRAFT'),
    // Imported from another directory's feed: which feed, and the listing's id there. Local
    // providers cannot edit it until the zone claims it.
    sourceId: integer().references(() => importSources.id),
    externalId: text(),
    claimed: boolean().notNull().default(false),
    /** The imported record as last written (mapped to our fields), to tell changed from unchanged. */
    importSnapshot: jsonb().$type<Record<string, unknown>>(),
    lastReviewedAt: timestamp({ withTimezone: true, mode: 'string' }).notNull().defaultNow(),
    /** The lastReviewedAt a five-month review reminder was sent for: one reminder per review cycle. */
    reviewRemindedFor: timestamp({ withTimezone: true, mode: 'string' }),
    createdAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
    // Organisation and category names, kept in step by the application, so the generated
    // search vector (which may only read this row) covers them too. english_unaccent is English
    // with accents taken off first (migration search_ignores_accents): "cafe" finds Café.
    searchTerms: text().notNull().default(''),
    searchVector: tsvector().generatedAlwaysAs(
      (): SQL =>
        sql`setweight(to_tsvector('english_unaccent', ${services.name}), 'A') || setweight(to_tsvector('english_unaccent', ${services.searchTerms}), 'B') || setweight(to_tsvector('english_unaccent', ${services.description}), 'C')`,
    ),
  },
  (t) => [
    index('services_search').using('gin', t.searchVector),
    index('services_zone_status_name').on(t.zoneId, t.status, t.name, t.id),
    index('services_organisation').on(t.organisationId),
    unique('services_source_external').on(t.sourceId, t.externalId),
    index('services_zone_updated').on(t.zoneId, t.updatedAt),
    // Our forms ask for 0-25; an imported service for adults keeps its real ages, up to 120.
    check('services_ages', sql`${t.minAge} >= 0 and ${t.maxAge} <= 120 and ${t.minAge} <= ${t.maxAge}`),
    check(
      'services_price',
      sql`${t.unitPricePence} is null or (${t.unitPricePence} > 0 and ${t.unitName} is not null)`,
    ),
    check('services_commissionable_priced', sql`not ${t.commissionable} or ${t.unitPricePence} is not null`),
    check('services_capacity', sql`${t.capacity} is null or ${t.capacity} >= 0`),
    check('services_places_taken', sql`${t.placesTaken} >= 0`),
    check('services_lead_time', sql`${t.referralLeadTimeDays} is null or ${t.referralLeadTimeDays} >= 0`),
  ],
);
