import { asc, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { serviceLanguages, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A feed naming a language in one record and giving its code in another: one language, both ways.
let handle: DbHandle;
beforeAll(async () => {
  handle = await freshDatabase();
});
afterAll(() => handle.close());

describe('imported languages', () => {
  it('match a known name to its ISO 639-1 code and a code to its name', async () => {
    const { zone } = await createZone(handle.db, 'languages', []);
    const languages = [[{ name: 'French' }], [{ code: 'FR' }], [{ name: 'Klingon' }, { code: 'xx' }]];
    const records = generateFeed(3, { brokenEvery: 1_000_000, prefix: 'lang' }).services.map(
      (r: Record<string, unknown>, i: number) => ({
        ...r,
        name: `Club ${i}`,
        status: 'active',
        attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
        languages: languages[i]!.map((l) => ({ id: crypto.randomUUID(), ...l })),
      }),
    );
    const summary = await runImport(handle.db, memoryFeed(records), { zoneId: zone.id, location: 'file:export' });
    expect(summary).toMatchObject({ created: 3, skipped: 0 });
    const rows = await handle.db
      .select({ service: services.name, name: serviceLanguages.name, code: serviceLanguages.code })
      .from(serviceLanguages)
      .innerJoin(services, eq(services.id, serviceLanguages.serviceId))
      .where(eq(services.zoneId, zone.id))
      .orderBy(asc(services.name), asc(serviceLanguages.name));
    expect(rows).toEqual([
      { service: 'Club 0', name: 'French', code: 'fr' },
      { service: 'Club 1', name: 'French', code: 'fr' },
      // Not a language we know: kept as the feed gave it.
      { service: 'Club 2', name: 'Klingon', code: null },
      { service: 'Club 2', name: 'xx', code: 'xx' },
    ]);
  });
});
