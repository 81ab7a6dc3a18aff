import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 12 point 7: a link worker records "no suitable service" from a search with no results (the
// form carries the search and shows its errors in a summary), and the commissioner's report shows it.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `unmet-need-${name}-${screen.name}`;
  const words = `zzz underwater ${screen.name} weaving`;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(async () => {
    expect(s.consoleErrors).toEqual([]);
    await s.close();
  });

  it('a link worker records it from an empty search', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(`/?q=${encodeURIComponent(words)}`);
    await visit(page, shot('empty-search'), 'Find local services');
    await expect.poll(() => page.getByRole('status').first().textContent(), { timeout: 15_000 }).toMatch(/^0 services/);
    await page.getByRole('link', { name: 'Record that no suitable service was found' }).click();
    await visit(page, shot('form'), 'Record that no suitable service was found');
    expect(await page.inputValue('#tried')).toContain(`“${words}”`);
    await page.getByRole('button', { name: 'Record it' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Choose the child/);
    await visit(page, shot('form-errors'), 'Record that no suitable service was found');
    await page.locator('[data-testid=child-picker] input[type=radio]').first().check();
    await page.selectOption('#need', 'bereavement');
    await page.getByRole('button', { name: 'Record it' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent(), { timeout: 15_000 })
      .toMatch(/no suitable service was found for the need “bereavement”/);
    await visit(page, shot('recorded'), 'Record that no suitable service was found');
  });

  it('the commissioner’s report shows the search and the need, in tables that sort', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/unmet-need'); // in the commissioner menu (collapsed on a phone)
    await visit(page, shot('report'), 'Unmet need');
    const searches = page.locator('table', { hasText: 'Most frequent searches with no results' });
    await expect.poll(() => searches.textContent(), { timeout: 15_000 }).toContain(words);
    const needs = page.locator('table', { hasText: 'Needs recorded with no suitable service' });
    await expect.poll(() => needs.textContent()).toContain('bereavement');
    // The shared DataTable: the first press sorts ascending, the second descending.
    const timesRecorded = needs.locator('th', { hasText: 'Times recorded' });
    await needs.getByRole('button', { name: 'Times recorded' }).click();
    await expect.poll(() => timesRecorded.getAttribute('aria-sort')).toBe('ascending');
    await needs.getByRole('button', { name: 'Times recorded' }).click();
    await expect.poll(() => timesRecorded.getAttribute('aria-sort')).toBe('descending');
    expect(await page.getByRole('link', { name: 'Download as CSV' }).getAttribute('href')).toBe(
      '/exports/unmet-need.csv',
    );
    // A period typed in GOV.UK date inputs; a day that does not exist is reported in the summary.
    await page.fill('#from', '31');
    await page.fill('#from-month', '2');
    await page.fill('#from-year', '2026');
    await page.fill('#to', '30');
    await page.fill('#to-month', '11');
    await page.fill('#to-year', '2026');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/real date for the first day/);
    await page.fill('#from', '1');
    await page.getByRole('button', { name: 'Show the report' }).click();
    await expect.poll(() => page.getByTestId('unmet-need-period').textContent()).toMatch(/^From 1 February 2026/);
    await visit(page, shot('report-period'), 'Unmet need');
  });
});
