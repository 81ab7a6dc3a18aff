import { index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique } from 'drizzle-orm/pg-core';
import { zones } from './zones';

export type ImportProblem = { id: string | null; reason: string };

// Another directory's Open Referral feed (or file) imported into a zone, with its last run.
export const importSources = pgTable(
  'import_sources',
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    zoneId: integer()
      .notNull()
      .references(() => zones.id),
    /** The feed's base URL, or "file:NAME" for a loaded export. */
    location: text().notNull(),
    lastRunAt: timestamp({ withTimezone: true }),
    lastStatus: text(),
    /** The newest last_modified seen, for modified_after on the next run. */
    lastModifiedSeen: timestamp({ withTimezone: true, mode: 'string' }),
    /** While a run is paging: the next page to read, so an interrupted run resumes there. */
    resumePage: integer(),
    /** The modified_after of the run in progress (kept so a resumed run asks for the same set). */
    resumeModifiedAfter: timestamp({ withTimezone: true, mode: 'string' }),
    /** The run in progress reads everything (withdrawing what is gone), not only changes. */
    resumeFull: integer(),
    /** What the run in progress reads, for a file its size and modification time: another file
     * given under the same source starts afresh instead of resuming part way through it. */
    resumeOf: text(),
    lastCounts: jsonb().$type<Record<string, number>>().notNull().default({}),
    lastErrors: jsonb().$type<ImportProblem[]>().notNull().default([]),
    /** Records the last run took without some of their parts (a PO box is no venue), and why. */
    lastNotes: jsonb().$type<ImportProblem[]>().notNull().default([]),
  },
  (t) => [unique('import_sources_zone_location').on(t.zoneId, t.location), index('import_sources_zone').on(t.zoneId)],
);

// The feed ids seen so far by the run in progress, so a resumed full run still knows what
// disappeared from the feed (those listings are archived at the end).
export const importSeen = pgTable(
  'import_seen',
  {
    sourceId: integer()
      .notNull()
      .references(() => importSources.id, { onDelete: 'cascade' }),
    externalId: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.sourceId, t.externalId] })],
);
