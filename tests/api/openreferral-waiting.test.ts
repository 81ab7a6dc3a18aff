import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { type FeedReader, runImport } from '../../schema/domain/openreferral/importer';
import { pageLine } from '../../server/openreferral/summary';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// Records naming their organisation by id only, before any record gives it, wait for the end of
// the run: the page's progress line says so, not "0 skipped" as if nothing were held back.
let handle: DbHandle;
beforeAll(async () => {
  handle = await freshDatabase();
});
afterAll(() => handle.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK records are read dynamically.
type Json = any;

describe('records waiting for their organisation', () => {
  it('are counted per page as waiting, and read at the end', async () => {
    const { zone } = await createZone(handle.db, 'waiting', []);
    const [a, b, c] = generateFeed(3, { brokenEvery: 1000, prefix: 'waiting' }).services.map((r: Json) => ({
      ...r,
      status: 'active',
    }));
    const org = c.organization;
    const byIdOnly = (r: Json) => {
      const { organization: _, ...rest } = r;
      return { ...rest, organization_id: org.id };
    };
    const reader: FeedReader = {
      incremental: false,
      async *pages() {
        yield { number: 1, totalPages: 2, totalItems: 3, records: [byIdOnly(a!), byIdOnly(b!)] };
        yield { number: 2, totalPages: 2, totalItems: 3, records: [c] };
      },
    };
    const lines: string[] = [];
    const summary = await runImport(handle.db, reader, {
      zoneId: zone.id,
      location: 'waiting',
      onPage: (page, s) => lines.push(pageLine(page.number, { ...s, of: '/2' })),
    });
    expect(summary, JSON.stringify(summary.problems)).toMatchObject({ read: 3, created: 3, skipped: 0, waiting: 0 });
    const waiting = ', 2 waiting for their organisation (named by id, not read yet: read at the end of the run)';
    expect(lines).toEqual([
      `page 1/2: 2 read, 0 new, 0 changed, 0 unchanged, 0 skipped${waiting}`,
      `page 2/2: 3 read, 1 new, 0 changed, 0 unchanged, 0 skipped${waiting}`,
    ]);
  });
});
