import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, zones } from '../../drizzle/schema';
import { DEMO_DIRECTORY_SOURCE } from '../../server/seed/demo-directory';
import { startServer, type TestServer } from '../setup/server';

// The zone admin's view of imported feeds: its own zone's only, admins only.
let s: TestServer;
beforeAll(async () => {
  s = await startServer();
  const [demo] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
  const [other] = await s.db.select().from(zones).where(eq(zones.slug, 'other'));
  await s.db.insert(importSources).values([
    {
      zoneId: demo!.id,
      location: 'https://hub.example.org/openreferral',
      lastRunAt: new Date('2026-11-01T10:00:00Z'),
      lastStatus: 'finished, 1 record skipped',
      lastCounts: { read: 10, created: 9, skipped: 1 },
      lastErrors: [{ id: 'abc', reason: 'unknown taxonomy term x' }],
      lastNotes: [{ id: 'def', reason: 'location "PO box" is a postal address, not a venue: not imported' }],
    },
    { zoneId: other!.id, location: 'https://other.example.org/feed' },
  ]);
});
afterAll(() => s.close());

const QUERY = `{ importSources {
  location lastStatus read created skipped problems { recordId reason } noteCount notes { recordId reason }
} }`;

describe('importSources', () => {
  it('shows a zone admin their zone’s feeds with the last run and its errors', async () => {
    const res = await s.gql(QUERY, {}, await s.signIn('admin@demo.test'));
    expect(res.data.importSources).toEqual([
      // The demo directory itself is an Open Referral file the seed imported (latest run first).
      {
        location: DEMO_DIRECTORY_SOURCE,
        lastStatus: 'finished',
        read: 64,
        created: 64,
        skipped: 0,
        problems: [],
        noteCount: 0,
        notes: [],
      },
      {
        location: 'https://hub.example.org/openreferral',
        lastStatus: 'finished, 1 record skipped',
        read: 10,
        created: 9,
        skipped: 1,
        problems: [{ recordId: 'abc', reason: 'unknown taxonomy term x' }],
        // What went in without some parts, so the administrator can see it after the run.
        noteCount: 1,
        notes: [{ recordId: 'def', reason: 'location "PO box" is a postal address, not a venue: not imported' }],
      },
    ]);
  });
  it('is refused to everyone else', async () => {
    for (const who of ['provider@demo.test', 'commissioner@demo.test', 'linkworker@demo.test']) {
      const res = await s.gql(QUERY, {}, await s.signIn(who));
      expect(res.data?.importSources ?? null, who).toBeNull();
      expect(res.errors?.[0]?.extensions?.code, who).toBe('FORBIDDEN');
    }
    const anonymous = await s.gql(QUERY);
    expect(anonymous.data?.importSources ?? null).toBeNull();
  });
});
