import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runImport } from '../../schema/domain/openreferral/importer';
import { memoryFeed, zoneId } from '../oruk/fixtures';
import { STANDARD_DIR } from '../oruk/schemas';
import { open, SCREENS, type Session } from './browser';

// Audit 61 F1: the standard's own service_full.json (families pay 35 per 1 hour session, no unit
// price) was "Free" on its search card and its page, and "Free services only" listed it. The
// words are the same on any screen, so one screen is enough.
describe('a listing families pay for', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open(SCREENS[0]);
    const record = JSON.parse(readFileSync(`${STANDARD_DIR}/examples/service_full.json`, 'utf8'));
    const demo = await zoneId(s.server.db, 'demo');
    const summary = await runImport(s.server.db, memoryFeed([record]), { zoneId: demo, location: 'family-cost-e2e' });
    expect(summary).toMatchObject({ created: 1, skipped: 0 });
  });
  afterAll(() => s.close());

  it('says what families pay on its card and its page, never "Free", and free only leaves it out', async () => {
    const { page } = s;
    await page.goto('/?q=Community%20Counselling');
    const card = page.locator('.app-result', { hasText: 'Community Counselling' });
    await expect.poll(() => card.count()).toBe(1);
    await expect
      .poll(() => card.locator('strong').first().textContent())
      .toBe('Families pay £35.00 per 1 hour session');
    expect(await card.textContent()).not.toMatch(/\bFree\b/);

    await card.locator('h2 a').click();
    await page.waitForURL(/\/services\//);
    const row = (key: string) =>
      page.locator('.govuk-summary-list__row', { has: page.locator('dt', { hasText: new RegExp(`^${key}$`) }) });
    await expect.poll(() => row('Price').locator('dd').textContent()).toBe('Families pay £35.00 per 1 hour session');
    await expect.poll(() => row('What families pay').count()).toBe(1);
    expect(await page.locator('main').textContent()).not.toMatch(/\bFree\b/);

    await page.goto('/?q=Community%20Counselling&free=1');
    await expect.poll(() => page.getByTestId('no-results').count()).toBe(1);
    expect(s.consoleErrors).toEqual([]);
  });
});
