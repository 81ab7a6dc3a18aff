import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 9: every role lands on its dashboard, at desktop width and on a phone; a count
// followed leads to its list, filtered as the count said.
const ROLES = [
  { email: 'linkworker@demo.test', name: 'link-worker', list: '/commissions' },
  { email: 'provider@demo.test', name: 'provider', list: '/provider/commissions' },
  { email: 'commissioner@demo.test', name: 'commissioner', list: '/commissions' },
  { email: 'admin@demo.test', name: 'admin' },
  { email: 'districtlead@demo.test', name: 'district-lead' },
  { email: 'schoollead@demo.test', name: 'school-lead' },
];

for (const screen of SCREENS) {
  describe(`dashboards on ${screen.name}`, () => {
    let s: Session;
    beforeAll(async () => {
      s = await open(screen);
    });
    afterAll(() => s.close());

    for (const role of ROLES)
      it(`${role.name}: lands on the dashboard; a count leads to its filtered list`, async () => {
        const { page } = s;
        await page.context().clearCookies();
        await signIn(page, role.email);
        // Each role lands on its own working page; the dashboard is first in every menu.
        await page.goto('/dashboard');
        await visit(page, `dashboard-${role.name}-${screen.name}`, 'Dashboard');
        if (role.list) {
          // The first row is the largest count (sorted by count, descending).
          const row = page.locator('#commissions-by-status tbody tr').first();
          const count = Number(await row.locator('td').first().textContent());
          const link = row.locator('a');
          const status = new URL(String(await link.getAttribute('href')), s.server.url).searchParams.get('status')!;
          await link.click();
          await page.waitForURL((url) => url.pathname === role.list && url.searchParams.get('status') === status);
          await visit(page, `dashboard-${role.name}-list-${screen.name}`, /commissions/i);
          await expect.poll(() => page.locator(`input[type=checkbox][value=${status}]`).isChecked()).toBe(true);
          const matches = count === 1 ? '1 commission matches' : `${count} commissions match`;
          await expect.poll(() => page.locator('p[role=status]').first().textContent()).toBe(matches);
        } else if (role.name === 'admin') {
          await page.getByRole('link', { name: /Requests to join waiting/ }).click();
          await page.waitForURL((url) => url.pathname === '/admin/organisations');
          await expect.poll(() => page.getByText('Hither Green Young Carers').count()).toBeGreaterThan(0);
        } else {
          await expect.poll(() => page.locator('#commissions-by-status tbody tr').count()).toBeGreaterThan(0);
        }
        expect(s.consoleErrors).toEqual([]);
      });

    it('provider: what waits for them leads to the commissions to accept and the listings due, filtered', async () => {
      const { page } = s;
      await page.context().clearCookies();
      await signIn(page, 'provider@demo.test');
      await page.goto('/dashboard');
      await visit(page, `dashboard-provider-waiting-${screen.name}`, 'Dashboard');
      // The count waiting is the "Approved" row of the status table, and its list says the same.
      const approved = page.locator('#commissions-by-status tbody tr', { hasText: 'Approved' }).locator('td').first();
      const count = Number(await approved.textContent());
      expect(count).toBeGreaterThan(0);
      const toAccept = page.getByRole('link', { name: /Commissions to accept or decline/ });
      expect(await toAccept.textContent()).toBe(`${count} Commissions to accept or decline`);
      await toAccept.click();
      await page.waitForURL(
        (url) => url.pathname === '/provider/commissions' && url.searchParams.get('status') === 'APPROVED',
      );
      const matches = count === 1 ? '1 commission matches' : `${count} commissions match`;
      await expect.poll(() => page.locator('p[role=status]').first().textContent()).toBe(matches);
      await page.goBack();
      await page.getByRole('link', { name: /Listings due for review/ }).click();
      await page.waitForURL((url) => url.pathname === '/provider/listings' && url.searchParams.get('review') === 'yes');
      expect(await page.locator('#status').inputValue()).toBe('PUBLISHED');
      expect(await page.locator('#review').isChecked()).toBe(true);
      expect(s.consoleErrors).toEqual([]);
    });

    it('commissioner: the sorted column says so (aria-sort) and a header button re-sorts it', async () => {
      const { page } = s;
      await page.context().clearCookies();
      await signIn(page, 'commissioner@demo.test');
      await page.goto('/dashboard');
      await visit(page, `dashboard-sort-${screen.name}`, 'Dashboard');
      const header = page.locator('#commissions-by-status th[aria-sort]');
      await expect.poll(() => header.nth(1).getAttribute('aria-sort')).toBe('descending');
      await header.nth(0).getByRole('button').click();
      await expect.poll(() => header.nth(0).getAttribute('aria-sort')).toBe('ascending');
      await expect.poll(() => header.nth(1).getAttribute('aria-sort')).toBe('none');
      const labels = await page.locator('#commissions-by-status tbody th').allTextContents();
      expect(labels).toEqual([...labels].sort((a, b) => a.localeCompare(b)));
      // Money pages are a section of the menu, with their own sub-menu.
      await page.goto('/spend');
      await expect.poll(() => page.locator('nav[aria-label="Money pages"] a').count()).toBe(7);
    });
  });
}
