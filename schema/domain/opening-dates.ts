import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

// An opening (often an imported one) may carry the dates it is valid between. One whose valid_to
// has passed is not a current opening time: the listing's page and search cards leave it out, and
// "open on" searches do not match it. It is kept (the provider's form and the Open Referral feed
// carry the source's data as it is).

/** The opening has not ended by `today` (a London date, "2026-11-30"): its last day is today or later. */
export const notEndedSql = (validTo: AnyPgColumn | SQL, today: string): SQL =>
  sql`(${validTo} is null or ${validTo} >= ${today}::date)`;
