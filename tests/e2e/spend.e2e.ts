import { parse } from 'csv-parse/sync';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

/** Follows the page's CSV link; the file's rows. */
async function download(page: Page): Promise<Record<string, string>[]> {
  const file = page.waitForEvent('download');
  await page.getByRole('link', { name: /Download commissions/ }).click();
  const chunks: Buffer[] = [];
  for await (const chunk of await (await file).createReadStream()) chunks.push(chunk as Buffer);
  return parse(Buffer.concat(chunks).toString(), { columns: true, bom: true });
}

// Point 8 of issue 15 (the web side): names as entered, sortable tables, no misleading counts per
// funding source, and a chart drawn as SVG from the same figures (no chart library).
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('shows the spend by school with names as entered, sorts by a column, and draws the chart without a library', async () => {
    const { page } = s;
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(r.url());
    });
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/spend');
    await visit(page, `spend-${screen.name}`, 'Where the money goes');
    const schools = page.locator('section', { has: page.getByRole('heading', { name: 'By school' }) });
    const names = await schools.locator('tbody th').allTextContents();
    expect(names.length).toBeGreaterThan(1);
    // Proper names keep their capitals ("Edmund Waller Primary School", not "Edmund waller primary school").
    for (const name of names) expect(name).toMatch(/^([A-Z][\w’'-]*)( [A-Z(][\w’'()-]*)*$/);
    // The caption is for screen readers only: the heading is not said twice on screen.
    await expect.poll(() => schools.locator('caption.govuk-visually-hidden').count()).toBe(1);

    // Sort by school name, A to Z, then Z to A.
    const header = schools.locator('thead th').first();
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
    const ascending = await schools.locator('tbody th').allTextContents();
    expect(ascending).toEqual([...names].sort((a, b) => a.localeCompare(b)));
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => schools.locator('tbody th').allTextContents()).toEqual([...ascending].reverse());

    // By funding source: no commission counts that add up to more than there are commissions.
    const sources = page.locator('section', { has: page.getByRole('heading', { name: 'By funding source' }) });
    await expect.poll(() => sources.locator('thead').textContent()).not.toMatch(/Commissions/);
    await expect.poll(() => page.locator('svg.app-chart__bar').count()).toBeGreaterThan(5);
    expect(scripts.some((u) => /chart/i.test(u))).toBe(false);
    // The bars keep most of the width, down to a 320 px phone (they were 0 px wide there, 31 px at 375).
    for (const width of [screen.width, 320]) {
      await page.setViewportSize({ width, height: screen.height });
      const narrowest = await page
        .locator('svg.app-chart__bar')
        .evaluateAll((bars) => Math.min(...bars.map((b) => b.getBoundingClientRect().width)));
      expect(narrowest, `at ${width} px`).toBeGreaterThan(Math.min(width, 640) * 0.6);
    }
    await page.setViewportSize({ width: screen.width, height: screen.height });
    expect(s.consoleErrors).toEqual([]);
  });

  it('chooses the days commissions were raised on, says so, and downloads the same window in pounds', async () => {
    const { page } = s;
    await page.goto('/spend');
    await visit(page, `spend-period-${screen.name}`, 'Where the money goes');
    await expect.poll(() => page.locator('#spend-window').textContent()).toMatch(/^The \d{4}-\d{2} budget period$/);
    const csvNow = await download(page);
    expect(csvNow.length).toBeGreaterThan(1);
    // Every amount is in pounds and pence ("45.00"), never in pence; the reasons are there.
    for (const row of csvNow) expect(row.amountPounds).toMatch(/^\d+\.\d{2}$/);
    expect(csvNow.every((row) => row.rationale!.length > 0)).toBe(true);

    await page.locator('.app-period summary').click();
    await page.fill('#from', '31');
    await page.fill('#from-month', '2');
    await page.fill('#from-year', '2020');
    await page.getByRole('button', { name: 'Show spend' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/real date for the first day/);
    await visit(page, `spend-period-error-${screen.name}`, 'Where the money goes');
    await expect.poll(() => page.title()).toMatch(/^Error: /);

    await page.fill('#from', '1');
    await page.fill('#from-month', '1');
    await page.fill('#to', '31');
    await page.fill('#to-month', '12');
    await page.fill('#to-year', '2020');
    await page.getByRole('button', { name: 'Show spend' }).click();
    await expect
      .poll(() => page.locator('#spend-window').textContent())
      .toMatch(/commissions raised 1 January 2020 to 31 December 2020/);
    await visit(page, `spend-period-2020-${screen.name}`, 'Where the money goes');
    expect(new URL(page.url()).searchParams.get('from')).toBe('2020-01-01');
    // Nothing was raised then: every total is nought, and the CSV has no rows.
    await expect.poll(() => page.locator('tfoot').first().textContent()).toMatch(/£0\.00.*£0\.00/);
    expect(await download(page)).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });

  it('fits funding and audit on the screen, audit rows link to their commission, and the menu collapses behind a button on a phone', async () => {
    const { page } = s;
    await page.goto('/funding');
    await visit(page, `funding-${screen.name}`, 'Funding');
    await page.goto('/audit');
    await visit(page, `audit-${screen.name}`, 'Audit trail');
    // A row about a commission names it and links to its page (issue 15, point 7).
    const link = page.locator('tbody a[href^="/commissions/"]').first();
    const named = (await link.textContent())!;
    expect(named).toMatch(/ for [A-Z]+-/);
    await link.click();
    await visit(page, `audit-commission-${screen.name}`, named);
    await page.goBack();
    await visit(page, `audit-back-${screen.name}`, 'Audit trail');
    const toggle = page.locator('.govuk-service-navigation__toggle');
    if (screen.width < 641) {
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      await expect.poll(() => page.locator('#navigation').isVisible()).toBe(false);
      // The header and the closed menu take a small part of the screen.
      const menuBottom = (await page.locator('.govuk-service-navigation').boundingBox())!;
      expect(menuBottom.y + menuBottom.height).toBeLessThan(160);
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      // Escape from a link in the open menu closes it and gives the button focus back (audit W-F9).
      await page.getByRole('link', { name: 'Approvals' }).focus();
      await page.keyboard.press('Escape');
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('false');
      await expect.poll(() => page.locator('#navigation').isVisible()).toBe(false);
      expect(await toggle.evaluate((b) => b === document.activeElement)).toBe(true);
      await toggle.click();
      await expect.poll(() => toggle.getAttribute('aria-expanded')).toBe('true');
      await page.getByRole('link', { name: 'Approvals' }).click();
      await visit(page, `menu-followed-${screen.name}`, 'Waiting for approval');
      await expect.poll(() => page.locator('#navigation').isVisible()).toBe(false);
    } else {
      await expect.poll(() => toggle.count()).toBe(0);
      await expect.poll(() => page.locator('#navigation').isVisible()).toBe(true);
    }
    expect(s.consoleErrors).toEqual([]);
  });
});
