import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Point 10 of issue 15: GOV.UK details people notice.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('uses the GOV.UK date input, "Error: " titles, yellow header focus, unstretched tags and heading focus', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    // Header links take GOV.UK's yellow focus.
    // The landing page moves focus to its heading once its data arrives, so focus and read together.
    const headerLink = page.locator('.app-header__link').first();
    await expect
      .poll(async () => {
        await headerLink.focus();
        return headerLink.evaluate((e) => getComputedStyle(e).backgroundColor);
      })
      .toBe('rgb(255, 221, 0)');
    await page.locator('tbody tr a').first().click();
    await page.waitForURL(/\/children\//);
    // Focus moved to the new page's main heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    const name = (await page.locator('h1').textContent())!.trim();
    // Day, month and year boxes, not the browser's date picker.
    await expect.poll(() => page.locator('input[type=date]').count()).toBe(0);
    await expect.poll(() => page.locator('.govuk-date-input input').count()).toBe(3);
    await page.fill('#score', '12');
    // Audit 38a F7: an empty date is asked for, not called unreal.
    for (const box of ['#measuredOn', '#measuredOn-month', '#measuredOn-year']) await page.fill(box, '');
    await page.getByRole('button', { name: 'Record score' }).click();
    await expect.poll(() => page.locator('#measuredOn-error').textContent()).toMatch(/Enter the date measured$/);
    await page.fill('#measuredOn', '31');
    await page.fill('#measuredOn-month', '2');
    await page.fill('#measuredOn-year', '2026');
    await page.getByRole('button', { name: 'Record score' }).click();
    await expect.poll(() => page.locator('#measuredOn-error').textContent()).toMatch(/real date/);
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await visit(page, `date-input-error-${screen.name}`, name);
    await page.fill('#measuredOn', '27');
    await page.getByRole('button', { name: 'Record score' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Outcome recorded/);
    await expect.poll(() => page.title()).not.toMatch(/^Error: /);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/27 February 2026/);

    // Tags in card headers keep their own height.
    const tag = page.locator('.govuk-summary-card__title-wrapper .govuk-tag').first();
    if ((await tag.count()) > 0) {
      const box = await tag.boundingBox();
      expect(box!.height).toBeLessThan(40);
    }
    expect(s.consoleErrors).toEqual([]);
  });
});
