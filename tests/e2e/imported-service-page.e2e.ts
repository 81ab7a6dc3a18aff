import { readFileSync } from 'node:fs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, serviceDistricts, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { memoryFeed, zoneId } from '../oruk/fixtures';
import { generateFeed } from '../oruk/generate-feed';
import { STANDARD_DIR } from '../oruk/schemas';
import { expectAccessible, open, SCREENS, type Session } from './browser';

// Audit 61 F10: the standard's service_full.json, imported, showed "Opening times: Thursday and
// Friday, 10am to 6pm … from 1 January 2005 until 1 January 2005" as if current, on its page and
// its search card. An opening that has ended (the server's today is 30 November 2026 in tests) is
// not shown; a current one is. Its page also said "Areas: Whole borough" (it has none of our
// districts) beside "Areas served: …MyCity area…" (the feed's service_areas): the feed's areas are
// its areas, said once. The words are the same on any screen, so one screen is enough.
describe('an imported listing’s page', () => {
  let s: Session;
  let districtName = '';
  beforeAll(async () => {
    s = await open(SCREENS[0]);
    const example = JSON.parse(readFileSync(`${STANDARD_DIR}/examples/service_full.json`, 'utf8'));
    const [current] = generateFeed(1, { prefix: 'imported-page', brokenEvery: 1000 }).services as Record<
      string,
      unknown
    >[];
    Object.assign(current!, {
      name: 'Still running group',
      status: 'active',
      service_areas: [{ id: crypto.randomUUID(), name: 'Catford and Bellingham' }],
      schedules: [
        {
          id: crypto.randomUUID(),
          freq: 'WEEKLY',
          byday: 'SA',
          opens_at: '10:00',
          closes_at: '12:00',
          valid_to: '2027-06-30',
        },
      ],
    });
    const demo = await zoneId(s.server.db, 'demo');
    const summary = await runImport(s.server.db, memoryFeed([example, current]), {
      zoneId: demo,
      location: 'imported-page-e2e',
    });
    expect(summary).toMatchObject({ created: 2, skipped: 0 });
    // The second one is also given one of our districts (as a provider's listing may have both).
    const [running] = await s.server.db
      .select({ id: services.id })
      .from(services)
      .where(eq(services.name, 'Still running group'));
    const [district] = await s.server.db
      .select({ id: districts.id, name: districts.name })
      .from(districts)
      .where(eq(districts.zoneId, demo));
    districtName = district!.name;
    await s.server.db.insert(serviceDistricts).values({ serviceId: running!.id, districtId: district!.id });
  });
  afterAll(() => s.close());

  const row = (key: string) =>
    s.page.locator('.govuk-summary-list__row', { has: s.page.locator('dt', { hasText: new RegExp(`^${key}$`) }) });
  const card = (name: string) => s.page.locator('.app-result', { hasText: name });

  it('does not show an opening that ended as current, on its card or its page', async () => {
    const { page } = s;
    await page.goto('/?q=Community%20Counselling');
    await expect.poll(() => card('Community Counselling').count()).toBe(1);
    expect(await card('Community Counselling').getByTestId('opening-times').count()).toBe(0);

    await card('Community Counselling').locator('h2 a').click();
    await page.waitForURL(/\/services\//);
    await expect.poll(() => row('Last changed').count()).toBe(1);
    expect(await row('Opening times').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('2005');
    // Its areas are the feed's, once: not "Whole borough" beside them.
    expect(await row('Areas').locator('dd').textContent()).toMatch(
      /^The service is available to all residents of the MyCity area\./,
    );
    expect(await row('Areas served').count()).toBe(0);
    expect(await page.locator('main').textContent()).not.toContain('Whole borough');
    // No row is left blank: none of our categories, and a contact the feed gives no way to reach.
    expect(await row('Categories').locator('dd').textContent()).toBe('None');
    expect(await row('Ann Persona, Reception Manager').locator('dd').textContent()).toBe('No email or phone given');
    await expectAccessible(page, 'imported service page');
    expect(s.consoleErrors).toEqual([]);
  });

  it('shows an opening that has not ended, with its last day; and our district beside the feed’s area', async () => {
    const { page } = s;
    await page.goto('/?q=Still%20running%20group');
    await expect.poll(() => card('Still running group').count()).toBe(1);
    expect(await card('Still running group').getByTestId('opening-times').textContent()).toBe(
      'Open Saturday, 10am to midday',
    );
    await card('Still running group').locator('h2 a').click();
    await page.waitForURL(/\/services\//);
    await expect
      .poll(() => row('Opening times').locator('dd').textContent())
      .toBe('Saturday, 10am to midday — until 30 June 2027');
    // Our district and the feed's area, both said, one each.
    expect(await row('Areas').locator('dd').textContent()).toBe(districtName);
    expect(await row('Areas served').locator('dd').textContent()).toBe('Catford and Bellingham');
    expect(s.consoleErrors).toEqual([]);
  });
});
