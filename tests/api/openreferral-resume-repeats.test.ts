import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../drizzle/schema';
import type { FeedReader } from '../../schema/domain/openreferral/importer';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { startServer, type TestServer } from '../setup/server';

// A record id repeated within a run is reported and skipped; a run interrupted and resumed
// is one run, so a repeat across the interruption is one too (audit finding).

let s: TestServer;
beforeAll(async () => {
  s = await startServer();
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

describe('a file import interrupted and resumed', () => {
  it('still reports an id repeated on each side of the interruption, and keeps the first', async () => {
    const { zone } = await createZone(s.db, 'resume-repeats', []);
    const records = generateFeed(4, { prefix: 'resume-repeats', brokenEvery: 1000 }).services as Json[];
    const repeat = { ...records[0], name: 'The same id again' };
    const pageRecords = [[records[0], records[1]], [records[2]], [repeat, records[3]]];
    const reader = (failAt: number | null): FeedReader => ({
      incremental: false,
      async *pages({ startPage }) {
        for (let n = startPage; n <= 3; n++) {
          if (n === failAt) throw new Error('connection reset');
          yield { number: n, totalPages: 3, totalItems: 5, records: pageRecords[n - 1]! };
        }
      },
    });
    const location = 'file:resume-repeats';
    const first = await runImport(s.db, reader(3), { zoneId: zone.id, location });
    expect(first).toMatchObject({ read: 3, created: 3, interrupted: 'connection reset' });
    const resumed = await runImport(s.db, reader(null), { zoneId: zone.id, location });
    expect(resumed).toMatchObject({ resumedAtPage: 3, read: 2, created: 1, skipped: 1, interrupted: null });
    expect(resumed.problems).toEqual([{ id: records[0].id, reason: 'the same id appears twice in the feed' }]);
    const [kept] = await s.db.select().from(services).where(eq(services.externalId, records[0].id));
    expect(kept!.name).toBe(records[0].name);
  });
});
