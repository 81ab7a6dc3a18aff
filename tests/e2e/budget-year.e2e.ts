import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reconcile } from '../../schema/domain/reconcile';
import { expectAccessible, open, type Session, signIn, visit } from './browser';

// Budget years (issue 13 point 7) in the seeded second zone: one pot, "Northfield fund" (£10,000),
// £900 allocated to each of three children, nothing spent. The commissioner chooses carrying
// forward, previews the close (£2,700 carried), confirms, and reads the close report.
describe('closing a budget year', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open();
  });
  afterAll(() => s.close());

  it('previews, confirms and reports the close, with the setting chosen on the page', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@other.test');
    // Budget year sits in the Money section of the menu.
    await page.getByRole('link', { name: 'Money' }).first().click();
    await page.getByRole('link', { name: 'Budget year' }).first().click();
    await visit(page, 'budget-year-preview', 'Budget year');
    const preview = page.getByRole('table', { name: 'What closing 2026-27 will do' });
    const row = () => preview.getByRole('row', { name: /Northfield fund/ }).locator('td');
    // The zone's default: unspent money returns to its pot.
    await expect
      .poll(() => row().allTextContents())
      .toEqual(['£10,000.00', '£2,700.00', '£0.00', '£0.00', '£0.00', '£2,700.00', '£0.00', '£7,300.00']);
    await page.getByLabel('Carry forward to the child’s budget for the next period').check();
    await expect.poll(async () => (await row().allTextContents())[5]).toBe('£0.00');
    expect((await row().allTextContents())[6]).toBe('£2,700.00');

    await page.getByRole('button', { name: 'Close 2026-27' }).click();
    await expectAccessible(page, 'budget-year-confirm');
    // Before 31 March the close is early, and the warning says what that means.
    expect(await page.locator('.govuk-warning-text').textContent()).toContain(
      'It runs until 31 March 2027: closing it now ends every child’s 2026-27 budget early.',
    );
    await page.getByRole('button', { name: 'Yes, close 2026-27' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch('2026-27 is closed');
    await expect.poll(() => page.getByRole('heading', { name: 'Close 2027-28' }).count()).toBe(1);
    // Before 2027-28 begins the page says when it can be closed, rather than offer a button that fails.
    if (new Date().toISOString().slice(0, 10) < '2027-04-01') {
      await expect.poll(() => page.locator('#close-not-yet').textContent()).toMatch(/2027-28 starts on 1 April 2027/);
      expect(await page.getByRole('button', { name: 'Close 2027-28' }).count()).toBe(0);
    } else await expect.poll(() => page.getByRole('button', { name: 'Close 2027-28' }).count()).toBe(1);
    const report = page.getByRole('table', { name: 'Close report, 2026-27' });
    expect(
      await report
        .getByRole('row', { name: /Northfield fund/ })
        .locator('td')
        .nth(6)
        .textContent(),
    ).toBe('£2,700.00');
    await visit(page, 'budget-year-closed', 'Budget year');
    expect((await reconcile(s.server.db)).differences).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
