import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 9: the commission list as a GOV.UK table a commissioner filters (several statuses, a
// date range) and sorts (by response deadline, on the server); every control lives in the address, so
// reload and back keep it; an empty result names the filters to remove; an impossible range is
// explained in the error summary. At desktop width and on a phone, axe clean (visit runs axe).

/** Every row's text in the column headed `label`. */
async function column(page: Page, label: string) {
  const headers = await page.locator('#commission-list thead th').allTextContents();
  const at = headers.indexOf(label);
  expect(at).toBeGreaterThanOrEqual(0);
  return page.locator(`#commission-list tbody tr > :nth-child(${at + 1})`).allTextContents();
}
const day = (text: string) => new Date(`${text} 12:00 UTC`).toISOString().slice(0, 10);
const count = (page: Page) => page.locator('p[role=status]').first().textContent();
const matches = (n: number) => (n === 1 ? '1 commission matches' : `${n} commissions match`);

for (const screen of SCREENS) {
  describe(`the commission list on ${screen.name}`, () => {
    let s: Session;
    beforeAll(async () => {
      s = await open(screen);
      await signIn(s.page, 'commissioner@demo.test');
    });
    afterAll(() => s.close());

    it('filters by two statuses and a date range, in the address; survives reload and back', async () => {
      const { page } = s;
      await page.goto('/commissions');
      await visit(page, `commission-list-${screen.name}`, 'Commissions');
      await expect.poll(() => page.locator('#commission-list tbody tr').count()).toBeGreaterThan(0);
      const raised = await column(page, 'Raised');
      const last = raised.map(day).sort().at(-1)!;

      await page.locator('input[type=checkbox][value=APPROVED]').check();
      await page.waitForURL((u) => u.searchParams.get('status') === 'APPROVED');
      await page.locator('input[type=checkbox][value=ACCEPTED]').check();
      await page.waitForURL((u) => u.searchParams.get('status') === 'APPROVED,ACCEPTED');
      const [y, m, d] = last.split('-');
      for (const id of ['from', 'to']) {
        await page.fill(`#${id}`, String(Number(d)));
        await page.fill(`#${id}-month`, String(Number(m)));
        await page.fill(`#${id}-year`, y!);
      }
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await page.waitForURL((u) => u.searchParams.get('from') === last && u.searchParams.get('to') === last);
      await expect.poll(async () => (await column(page, 'Raised')).every((t) => day(t) === last)).toBe(true);
      const statuses = await column(page, 'Status');
      expect(statuses.length).toBeGreaterThan(0);
      for (const t of statuses) expect(t).toMatch(/^(Approved|Accepted)/);
      await expect.poll(() => count(page)).toBe(matches(statuses.length));
      await visit(page, `commission-list-filtered-${screen.name}`, 'Commissions');

      // Sorted by deadline: waiting ones soonest first, then those with no deadline.
      await page.selectOption('#sort', 'RESPOND_BY_SOONEST');
      await page.waitForURL((u) => u.searchParams.get('sort') === 'RESPOND_BY_SOONEST');
      const header = page.locator('#commission-list thead th', { hasText: 'Respond by' });
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      const deadlines = await column(page, 'Respond by');
      const dated = deadlines.filter((t) => t !== 'No deadline');
      expect(dated.length).toBeGreaterThan(0);
      expect(deadlines).toEqual([...dated, ...deadlines.filter((t) => t === 'No deadline')]);
      expect(dated.map(day)).toEqual(dated.map(day).sort());
      await visit(page, `commission-list-by-deadline-${screen.name}`, 'Commissions');

      // Reload: every control as it was.
      await page.reload();
      await expect.poll(() => header.getAttribute('aria-sort')).toBe('ascending');
      expect(await page.locator('input[type=checkbox][value=APPROVED]').isChecked()).toBe(true);
      expect(await page.locator('input[type=checkbox][value=ACCEPTED]').isChecked()).toBe(true);
      expect(await page.locator('#sort').inputValue()).toBe('RESPOND_BY_SOONEST');
      expect(await page.locator('#from-year').inputValue()).toBe(y);
      expect(await column(page, 'Respond by')).toEqual(deadlines);

      // Back: the order before sorting, the filters kept; a header button sorts too.
      await page.goBack();
      await page.waitForURL((u) => !u.searchParams.has('sort') && u.searchParams.get('from') === last);
      await expect
        .poll(() => page.locator('#commission-list thead th', { hasText: 'Raised' }).getAttribute('aria-sort'))
        .toBe('descending');
      expect(await page.locator('#sort').inputValue()).toBe('RAISED_NEWEST');
      await page.locator('#commission-list thead th', { hasText: 'Value' }).getByRole('button').click();
      await page.waitForURL((u) => u.searchParams.get('sort') === 'VALUE_HIGHEST');
      await expect
        .poll(() => page.locator('#commission-list thead th', { hasText: 'Value' }).getAttribute('aria-sort'))
        .toBe('descending');
      expect(s.consoleErrors).toEqual([]);
    });

    it('names the filters to remove when nothing matches, and explains an impossible date range', async () => {
      const { page } = s;
      await page.goto('/commissions?status=EXPIRED&ref=CR-ZZZZZ');
      await expect.poll(() => count(page)).toBe('0 commissions match');
      await expect
        .poll(() => page.locator('#no-match').textContent())
        .toMatch(/Remove the reference search or status filter to see more, or clear all filters/);
      expect(await page.locator('#commission-list').count()).toBe(0);
      await visit(page, `commission-list-empty-${screen.name}`, 'Commissions');
      await page.locator('#no-match').getByRole('link', { name: 'clear all filters' }).click();
      await page.waitForURL((u) => u.pathname === '/commissions' && u.search === '');
      await expect.poll(() => page.locator('#commission-list tbody tr').count()).toBeGreaterThan(0);

      // Provider and service: pickers that search what the viewer's zone has; each narrows the rows.
      const providers = await column(page, 'Provider');
      await page.fill('#provider-search', providers[0]!);
      await expect.poll(() => page.locator('#provider option', { hasText: providers[0]! }).count()).toBe(1);
      await page.selectOption('#provider', { label: providers[0]! });
      await page.waitForURL((u) => u.searchParams.has('provider'));
      await expect.poll(async () => new Set(await column(page, 'Provider')).size).toBe(1);
      expect((await column(page, 'Provider'))[0]).toBe(providers[0]);
      const service = (await column(page, 'Service'))[0]!;
      await page.selectOption('#service', { label: `${service} (${providers[0]})` });
      await page.waitForURL((u) => u.searchParams.has('service') && u.searchParams.has('provider'));
      await expect.poll(async () => [...new Set(await column(page, 'Service'))]).toEqual([service]);
      await page.goto('/commissions');

      for (const [id, [d, m, y]] of [
        ['from', ['2', '3', '2026']],
        ['to', ['1', '3', '2026']],
      ] as const) {
        await page.fill(`#${id}`, d);
        await page.fill(`#${id}-month`, m);
        await page.fill(`#${id}-year`, y);
      }
      await page.getByRole('button', { name: 'Apply filters' }).click();
      await expect
        .poll(() => page.locator('.govuk-error-summary').textContent())
        .toMatch(/The last day must be on or after the first/);
      expect(new URL(page.url()).search).toBe('');
      await visit(page, `commission-list-date-error-${screen.name}`, 'Commissions');
      expect(s.consoleErrors).toEqual([]);
    });
  });
}
