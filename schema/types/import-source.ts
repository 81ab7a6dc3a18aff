import { desc, eq } from 'drizzle-orm';
import { importSources } from '../../drizzle/schema';
import { builder } from '../builder';

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
    problems: t.field({
      type: [ImportProblem],
      args: {
        first: t.arg.int({
          defaultValue: 50,
          validate: {
            int: true,
            min: [0, { message: 'Ask for between 0 and 1000 problems' }],
            max: [1000, { message: 'Ask for between 0 and 1000 problems' }],
          },
        }),
      },
      description: 'Records the last run skipped, and why (up to first, at most 1,000 kept)',
      resolve: (s, args) => s.lastErrors.slice(0, args.first ?? 50),
    }),
  }),
});

builder.queryField('importSources', (t) =>
  t.field({
    type: [ImportSource],
    authScopes: { role: ['ADMIN'] },
    description: 'Zone administrators: the Open Referral feeds imported into the zone, latest run first',
    resolve: (_root, _args, ctx) =>
      ctx.db
        .select()
        .from(importSources)
        .where(eq(importSources.zoneId, ctx.viewer!.zoneId))
        .orderBy(desc(importSources.lastRunAt)),
  }),
);
