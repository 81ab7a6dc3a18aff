import { and, desc, eq } from 'drizzle-orm';
import { importSources } from '../../drizzle/schema';
import { type BuilderTypes, builder } from '../builder';

// The Open Referral feeds imported into the zone, each with its last run, for the zone admin.
const ImportProblem = builder.objectRef<{ id: string | null; reason: string }>('ImportProblem').implement({
  fields: (t) => ({
    recordId: t.string({ nullable: true, resolve: (p) => p.id, description: 'The record’s id in the feed' }),
    reason: t.exposeString('reason'),
  }),
});

type SourceRow = typeof importSources.$inferSelect;
const ImportSource = builder.objectRef<SourceRow>('ImportSource').implement({
  fields: (t) => ({
    location: t.exposeString('location', { description: 'The feed’s URL, or file:NAME for a loaded export' }),
    lastRunAt: t.expose('lastRunAt', { type: 'DateTime', nullable: true }),
    lastStatus: t.exposeString('lastStatus', { nullable: true }),
    read: t.int({ resolve: (s) => s.lastCounts.read ?? 0 }),
    created: t.int({ resolve: (s) => s.lastCounts.created ?? 0 }),
    updated: t.int({ resolve: (s) => s.lastCounts.updated ?? 0 }),
    unchanged: t.int({ resolve: (s) => s.lastCounts.unchanged ?? 0 }),
    withdrawn: t.int({ resolve: (s) => s.lastCounts.withdrawn ?? 0 }),
    skipped: t.int({ resolve: (s) => s.lastCounts.skipped ?? 0 }),
    problems: keptList(t, 'lastErrors', 'Records the last run skipped, and why', 'problems'),
    problemCount: t.int({
      description: 'How many problems are kept (at most 1,000; skipped says how many records were skipped)',
      resolve: (s) => s.lastErrors.length,
    }),
    notes: keptList(t, 'lastNotes', 'Records the last run imported without some of their parts, and why', 'notes'),
    noteCount: t.int({
      description: 'How many notes are kept (at most 1,000)',
      resolve: (s) => s.lastNotes.length,
    }),
    noteTotal: t.int({
      description: 'How many notes the last run made (noteCount of them are kept, every kind of reason first)',
      resolve: (s) => Math.max(s.lastCounts.notes ?? 0, s.lastNotes.length),
    }),
  }),
});

type SourceFields = PothosSchemaTypes.ObjectFieldBuilder<BuilderTypes, SourceRow>;

/** One of the run's kept lists (at most 1,000 records), a page at a time. */
function keptList(t: SourceFields, key: 'lastErrors' | 'lastNotes', what: string, noun: string) {
  return t.field({
    type: [ImportProblem],
    args: {
      first: t.arg.int({
        defaultValue: 50,
        validate: {
          int: true,
          min: [0, { message: `Ask for between 0 and 1000 ${noun}` }],
          max: [1000, { message: `Ask for between 0 and 1000 ${noun}` }],
        },
      }),
      offset: t.arg.int({
        defaultValue: 0,
        description: 'Skip this many first (for the next page)',
        validate: {
          int: true,
          min: [0, { message: 'The offset cannot be negative' }],
          max: [1000, { message: 'Ask for an offset between 0 and 1000' }],
        },
      }),
    },
    description: `${what} (first after offset; at most 1,000 are kept)`,
    resolve: (s, args) => {
      const from = args.offset ?? 0;
      return s[key].slice(from, from + (args.first ?? 50));
    },
  });
}

builder.queryField('importSources', (t) =>
  t.field({
    type: [ImportSource],
    authScopes: { role: ['ADMIN'] },
    description: 'Zone administrators: the Open Referral feeds imported into the zone, latest run first',
    args: {
      location: t.arg.string({
        description: 'Only the feed at this location (for paging its problems)',
        validate: { maxLength: 2000 },
      }),
    },
    resolve: (_root, args, ctx) =>
      ctx.db
        .select()
        .from(importSources)
        .where(
          and(
            eq(importSources.zoneId, ctx.viewer!.zoneId),
            args.location != null ? eq(importSources.location, args.location) : undefined,
          ),
        )
        .orderBy(desc(importSources.lastRunAt), desc(importSources.id)),
  }),
);
