import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, pgTable, real, text, timestamp } from 'drizzle-orm/pg-core';
import { districts } from './districts';
import { zones } from './zones';

// One row per directory search (issue 12, point 7; schema/domain/search-log.ts), for the unmet-need
// report. Deliberately no user, session, school, child or full postcode: only what was asked for,
// where (zone, district, postcode district such as SE6), how many listings matched and whether a
// commission for one of them followed. Pruned by housekeeping after SEARCH_LOG_KEPT_MONTHS.
export const searchLogs = pgTable(
  'search_logs',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    // Null for a public search across every partnership.
    zoneId: integer().references(() => zones.id),
    districtId: integer().references(() => districts.id),
    // Normalised: lower case, single spaces, trimmed ('' when the search had no text).
    queryText: text().notNull().default(''),
    categorySlugs: text().array().notNull().default(sql`'{}'::text[]`),
    age: integer(),
    freeOnly: boolean().notNull().default(false),
    maxUnitPricePence: integer(),
    withinKm: real(),
    // The outward code only (SE15), never the full postcode.
    postcodeDistrict: text(),
    resultCount: integer().notNull(),
    signedIn: boolean().notNull(),
    commissionFollowed: boolean().notNull().default(false),
    searchedAt: timestamp({ withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('search_logs_zone_time').on(t.zoneId, t.searchedAt),
    index('search_logs_time').on(t.searchedAt),
    check('search_logs_query_length', sql`length(${t.queryText}) <= 200`),
    check('search_logs_postcode_district', sql`${t.postcodeDistrict} ~ '^[A-Z]{1,2}[0-9][0-9A-Z]?$'`),
  ],
);
