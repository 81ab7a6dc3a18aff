import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { services } from '../../drizzle/schema';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { freshDatabase } from '../setup/database';

// A file holding one service object, not wrapped in a list: a one-record feed.
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-single-'));
});
afterAll(() => handle.close());

describe('a file of one service object', () => {
  it('is imported as a one-record feed', async () => {
    const { zone } = await createZone(handle.db, 'single-service', []);
    const [record] = generateFeed(1, { brokenEvery: 1_000_000, prefix: 'single' }).services.map(
      (r: Record<string, unknown>) => ({
        ...r,
        name: 'The only club',
        status: 'active',
        attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
      }),
    );
    const file = path.join(dir, 'one-service.json');
    await writeFile(file, JSON.stringify(record));
    const summary = await runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:export' });
    expect(summary).toMatchObject({ read: 1, created: 1, skipped: 0 });
    const rows = await handle.db
      .select({ name: services.name, externalId: services.externalId })
      .from(services)
      .where(eq(services.zoneId, zone.id));
    expect(rows).toEqual([{ name: 'The only club', externalId: String((record as unknown as { id: string }).id) }]);
  });

  it('an object with an empty list of services is still no services, not a record', async () => {
    const file = path.join(dir, 'empty-package.json');
    await writeFile(file, JSON.stringify({ id: 'org-1', name: 'An organisation', services: [] }));
    const { zone } = await createZone(handle.db, 'single-empty', []);
    await expect(runImport(handle.db, fileReader(file), { zoneId: zone.id, location: 'file:export' })).rejects.toThrow(
      /holds no Open Referral services/,
    );
  });
});
