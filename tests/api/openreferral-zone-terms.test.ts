import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { serviceAttributes, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// Another taxonomy's term one zone imported is that zone's: another zone's feed naming it by id
// alone does not find it (the record goes in without it, noted). A feed that embeds the term (a
// shared list's term keeps its id) may use it.
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-zone-terms-'));
});
afterAll(() => handle.close());

const TERM = crypto.randomUUID();
const embedded = {
  id: TERM,
  name: 'Private term',
  description: 'A term of zone A’s own list',
  taxonomy: 'zone-a-list',
  taxonomy_id: crypto.randomUUID(),
};
function record(prefix: string, attribute: Record<string, unknown>): Record<string, unknown> {
  return {
    ...generateFeed(1, { brokenEvery: 1000, prefix }).services[0]!,
    status: 'active',
    attributes: [
      { id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') },
      { id: crypto.randomUUID(), ...attribute },
    ],
  };
}
async function importInto(zoneId: number, name: string, records: unknown[]) {
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify(records));
  return runImport(handle.db, fileReader(file), { zoneId, location: `file:${file}` });
}
const termsOf = async (zoneId: number) =>
  handle.db
    .select({ name: services.name, term: serviceAttributes.taxonomyTermId })
    .from(services)
    .innerJoin(serviceAttributes, eq(serviceAttributes.serviceId, services.id))
    .where(eq(services.zoneId, zoneId));

describe('a taxonomy term another zone imported', () => {
  it('named by id alone from another zone is not found there (left out, noted); its own zone may name it so', async () => {
    const { zone: a } = await createZone(handle.db, 'terms-a', []);
    const { zone: b } = await createZone(handle.db, 'terms-b', []);
    const first = await importInto(a.id, 'a1', [record('terms-a1', { taxonomy_term: embedded })]);
    expect(first, JSON.stringify(first.problems)).toMatchObject({ created: 1, skipped: 0 });
    const byId = record('terms-b1', { taxonomy_term_id: TERM });
    const refused = await importInto(b.id, 'b1', [byId]);
    expect(refused).toMatchObject({ created: 1, skipped: 0 });
    expect(refused.notes).toContainEqual({
      id: byId.id,
      reason: `taxonomy term ${TERM} not imported: the feed names it by id only and it is not known here`,
    });
    // Zone A's term is not attached to zone B's listing.
    expect(await termsOf(b.id)).toHaveLength(0);
    // The zone that imported it names it by id in its next feed.
    const again = await importInto(a.id, 'a2', [record('terms-a2', { taxonomy_term_id: TERM })]);
    expect(again).toMatchObject({ created: 1, skipped: 0 });
  });

  it('embedded in another zone’s feed, as a shared list’s term is, it is used', async () => {
    const { zone: c } = await createZone(handle.db, 'terms-c', []);
    const summary = await importInto(c.id, 'c1', [record('terms-c1', { taxonomy_term: embedded })]);
    expect(summary).toMatchObject({ created: 1, skipped: 0 });
    expect(await termsOf(c.id)).toHaveLength(1);
  });
});
