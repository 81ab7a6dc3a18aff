import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { ImportRunningError } from '../../schema/domain/openreferral/import-lock';
import { type FeedReader, runImport } from '../../schema/domain/openreferral/importer';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase, TEST_DB } from '../setup/database';

// Two imports of one source at the same moment, on two connections (audit finding: the second
// "resumed" the first's run, failed its services as duplicates and marked the source's run as
// failed). The second is refused before it reads or writes anything; the first finishes as usual.

let handle: DbHandle;
beforeAll(async () => {
  handle = await freshDatabase();
}, 120_000);
afterAll(() => handle?.close());

describe.runIf(TEST_DB === 'postgres')('two imports of one source at once', () => {
  it('refuses the second, leaves the source to the first, and lets a later run in', async () => {
    const { zone } = await createZone(handle.db, 'two-runs', []);
    const records = generateFeed(3, { brokenEvery: 1_000_000, prefix: 'two-runs' }).services.map((r) => ({
      ...r,
      status: 'active',
      attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
    }));
    let reading!: () => void;
    const firstReading = new Promise<void>((r) => {
      reading = r;
    });
    let go!: () => void;
    const gate = new Promise<void>((r) => {
      go = r;
    });
    let asked = 0;
    const reader = (wait: boolean): FeedReader => ({
      incremental: false,
      async *pages() {
        asked++;
        if (wait) {
          reading();
          await gate;
        }
        yield { number: 1, totalPages: 1, totalItems: 3, records };
      },
    });
    const location = 'file:two-runs';
    const first = runImport(handle.db, reader(true), { zoneId: zone.id, location });
    await firstReading;
    const second = await runImport(handle.db, reader(false), { zoneId: zone.id, location }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(second).toBeInstanceOf(ImportRunningError);
    expect((second as Error).message).toMatch(
      /^Another import of source two-runs is running \(started \d\d:\d\d\); wait for it to finish$/,
    );
    // The second read nothing and left the source's run as the first has it.
    expect(asked).toBe(1);
    const [during] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(during?.lastStatus).toBeNull();
    go();
    expect(await first).toMatchObject({ created: 3, skipped: 0, problems: [] });
    const [after] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(after?.lastStatus).toBe('finished');
    // The lock went with the first run: the next one runs.
    expect(await runImport(handle.db, reader(false), { zoneId: zone.id, location })).toMatchObject({ unchanged: 3 });
    expect(await handle.db.select().from(services).where(eq(services.zoneId, zone.id))).toHaveLength(3);
  }, 60_000);
});
