import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq, inArray, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { organisations, serviceLocations, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// Issue 10: the importer writes a page of records with a few multi-row statements (not about ten
// per record), and still skips a record the database refuses without half-writing it.
let handle: DbHandle;
let statements = 0;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase({ logQuery: () => void statements++ });
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-batch-'));
});
afterAll(() => handle.close());

/** Good generated records whose only taxonomy term is one of our categories (known to every portal). */
function records(count: number, prefix: string): Record<string, unknown>[] {
  return generateFeed(count, { brokenEvery: 1_000_000, prefix }).services.map((r) => ({
    ...r,
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));
}
async function importInto(slug: string, feed: Record<string, unknown>[]) {
  const { zone } = await createZone(handle.db, slug, []);
  const file = path.join(dir, `${slug}.json`);
  await writeFile(file, JSON.stringify(feed));
  const before = statements;
  const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: `file:${file}` });
  return { summary, statements: statements - before, zoneId: zone.id };
}

describe('importing a page in a few statements', () => {
  it('a page of 90 new services costs exactly the statements of a page of 10', async () => {
    const small = await importInto('batch-small', records(10, 'small'));
    const large = await importInto('batch-large', records(90, 'large'));
    expect(small.summary).toMatchObject({ created: 10, skipped: 0 });
    expect(large.summary).toMatchObject({ created: 90, skipped: 0 });
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThan(40);
    // A second run of the same feed writes nothing: reading the page is all it costs.
    expect(await handle.db.$count(services, eq(services.zoneId, large.zoneId))).toBe(90);
  });

  it('a record the database refuses is skipped with its reason; the rest of its page goes in', async () => {
    const feed = records(12, 'refused');
    const bad = feed[5] as Record<string, unknown> & { service_at_locations: { location: Record<string, unknown> }[] };
    // The importer now reads every value it writes (a NUL is removed, an amount too large left
    // out), so the refusal is this test's own: a check on this test database alone.
    await handle.db.execute(
      sql`alter table service_cost_options add constraint refused_in_test check ("conditions" <> 'Refused here')`,
    );
    bad.cost_options = [{ id: crypto.randomUUID(), amount: 5, option: 'Refused here' }];
    bad.organization_id = '0b6a3c57-9ad8-4c9a-8f55-000000000001';
    bad.organization = {
      id: bad.organization_id,
      name: 'Only the refused record’s organisation',
      description: 'Refused',
    };
    const { summary, zoneId } = await importInto('batch-refused', feed);
    expect(summary).toMatchObject({ read: 12, created: 11, skipped: 1 });
    expect(summary.problems).toEqual([{ id: bad.id, reason: expect.stringMatching(/^could not be saved/) }]);
    // The database's reason, never the statement it refused.
    expect(summary.problems[0]!.reason).not.toMatch(/insert into|Failed query/i);
    const rows = await handle.db.select().from(services).where(eq(services.zoneId, zoneId));
    expect(rows.map((r) => r.externalId).sort()).toEqual(
      feed
        .filter((r) => r !== bad)
        .map((r) => r.id)
        .sort(),
    );
    // Nothing of the refused record: no listing, no venue, no organisation made for it.
    const locations = await handle.db
      .select()
      .from(serviceLocations)
      .where(
        inArray(
          serviceLocations.serviceId,
          rows.map((r) => r.id),
        ),
      );
    expect(locations).toHaveLength(11);
    expect(await handle.db.$count(organisations, eq(organisations.externalId, bad.organization_id as string))).toBe(0);
  });
});
