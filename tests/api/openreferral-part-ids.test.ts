import { eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { serviceAreas, serviceContacts, serviceCostOptions, serviceLanguages, services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { createZone, memoryFeed } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A listing rewritten by a later run keeps the UUIDs of the contacts (and their phones), languages,
// cost options and service areas the feed gives ids, as its venues do, so those who link to them are not broken.
let handle: DbHandle;
beforeAll(async () => {
  handle = await freshDatabase();
});
afterAll(() => handle.close());

async function partUuids(zoneId: number) {
  const ids = (await handle.db.select({ id: services.id }).from(services).where(eq(services.zoneId, zoneId))).map(
    (r) => r.id,
  );
  const of = async (
    table: typeof serviceContacts | typeof serviceLanguages | typeof serviceCostOptions | typeof serviceAreas,
  ) =>
    (await handle.db.select({ uuid: table.uuid }).from(table).where(inArray(table.serviceId, ids)))
      .map((r) => r.uuid)
      .sort();
  const phones = (
    await handle.db
      .select({ phones: serviceContacts.phones })
      .from(serviceContacts)
      .where(inArray(serviceContacts.serviceId, ids))
  )
    .flatMap((r) => r.phones.map((p) => p.uuid))
    .sort();
  return {
    contacts: await of(serviceContacts),
    phones,
    languages: await of(serviceLanguages),
    costOptions: await of(serviceCostOptions),
    areas: await of(serviceAreas),
  };
}

describe('a rewritten listing', () => {
  it('keeps the UUIDs of the parts the feed gives ids', async () => {
    const { zone } = await createZone(handle.db, 'part-ids', []);
    const [base] = generateFeed(1, { brokenEvery: 1_000_000, prefix: 'parts' }).services.map(
      (r: Record<string, unknown>) => ({
        ...r,
        name: 'Club with parts',
        status: 'active',
        attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
        contacts: [
          {
            id: crypto.randomUUID(),
            name: 'Ada',
            phones: [
              { id: crypto.randomUUID(), number: '020 7946 0001' },
              { id: crypto.randomUUID(), number: '020 7946 0002' },
            ],
          },
        ],
        languages: [{ id: crypto.randomUUID(), name: 'French' }],
        cost_options: [{ id: crypto.randomUUID(), amount: 5, option: 'Per session' }],
        service_areas: [{ id: crypto.randomUUID(), name: 'Lewisham' }],
      }),
    );
    const run = (record: unknown) =>
      runImport(handle.db, memoryFeed([record]), { zoneId: zone.id, location: 'file:export' });
    expect(await run(base)).toMatchObject({ created: 1, skipped: 0 });
    const before = await partUuids(zone.id);
    expect(Object.values(before).map((l) => l.length)).toEqual([1, 2, 1, 1, 1]);
    expect(await run({ ...base, name: 'Club with parts, renamed' })).toMatchObject({ updated: 1, skipped: 0 });
    expect(await partUuids(zone.id)).toEqual(before);
  });
});
