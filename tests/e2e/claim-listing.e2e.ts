import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditEvents, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { zoneId } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { globalId } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 10 point 3: an administrator claims an imported listing from its page, after a confirmation.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  let serviceId: number;
  beforeAll(async () => {
    s = await open(screen);
    const feed = generateFeed(3, { brokenEvery: 1000, prefix: 'e2e-claim' });
    const active = feed.services.find((x) => x.status === 'active')!;
    const file = path.join(await mkdtemp(path.join(os.tmpdir(), 'claim-e2e-')), 'feed.json');
    await writeFile(file, JSON.stringify({ contents: feed.services }));
    const demo = await zoneId(s.server.db, 'demo');
    await runImport(s.server.db, fileReader(file), { zoneId: demo, location: 'https://directory.example.org/' });
    [{ id: serviceId }] = (await s.server.db
      .select({ id: services.id })
      .from(services)
      .where(eq(services.externalId, active.id as string))) as [{ id: number }];
  });
  afterAll(() => s.close());

  it('an administrator claims an imported listing: confirm, success, audited, and the button is gone', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto(`/services/${encodeURIComponent(globalId('Service', serviceId))}`);
    await visit(page, `claim-listing-${screen.name}`, /group|club|support|advice/);
    await expect.poll(() => page.textContent('main')).toContain('Imported from https://directory.example.org/');
    await page.getByRole('button', { name: 'Claim this listing' }).click();
    await visit(page, `claim-listing-confirm-${screen.name}`, /group|club|support|advice/);
    await page.getByRole('button', { name: 'Yes, claim it' }).click();
    await expect.poll(() => page.getByTestId('claim-banner').textContent()).toMatch(/has claimed this listing/);
    await expect.poll(() => page.getByRole('button', { name: 'Claim this listing' }).count()).toBe(0);
    await visit(page, `claim-listing-done-${screen.name}`, /group|club|support|advice/);
    const trail = await s.server.db
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, 'CLAIM_SERVICE'), eq(auditEvents.entityId, serviceId)));
    expect(trail).toHaveLength(1);
    // Still claimed after a reload: the button does not come back.
    await page.reload();
    await expect.poll(() => page.locator('h1').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Claim this listing' }).count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });
});
