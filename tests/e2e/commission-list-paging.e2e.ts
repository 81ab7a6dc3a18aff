import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// Audit 60, finding 2 (issue 15: Back and reload keep people where they were): the commission list's
// page is in the address (?after=<cursor>) beside its filters, so opening a commission from page 2
// and pressing Back, or reloading, shows page 2 again; changing a filter starts again at page 1. The
// audit trail pages the same way. The demo seed has more commissions than one page (25) for both roles.

/** The commissions the list shows, by their paths (the table's rows, or a provider's cards). */
const rows = (page: Page) =>
  page
    .locator('#commission-list a.app-reference, .govuk-summary-card__title a')
    .evaluateAll((links) => links.map((a) => (a.getAttribute('href') ?? '').split('?')[0]!));
const cursor = (page: Page) => new URL(page.url()).searchParams.get('after');

describe('the commission list keeps its page in the address', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open();
  });
  afterAll(() => s.close());

  for (const [email, path] of [
    ['commissioner@demo.test', '/commissions'],
    ['provider@demo.test', '/provider/commissions'],
  ] as const) {
    it(`${path}: Back from a commission on page 2 and a reload stay on page 2; a filter starts at page 1`, async () => {
      const { page } = s;
      await page.context().clearCookies();
      await signIn(page, email);
      const token = await s.server.signIn(email);
      const res = await s.server.gql('{ commissions(first: 1) { totalCount } }', {}, token);
      expect(res.data.commissions.totalCount).toBeGreaterThan(25);

      await page.goto(path);
      await visit(page, `commission-paging-${email.split('@')[0]}`, /commissions/i);
      await expect.poll(async () => (await rows(page)).length).toBe(25);
      const first = await rows(page);

      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => cursor(page)).not.toBeNull();
      await expect.poll(async () => (await rows(page)).filter((href) => first.includes(href))).toEqual([]);
      const second = await rows(page);
      expect(second.length).toBeGreaterThan(0);
      const pageTwo = page.url();

      // Open a commission on page 2, then the browser's Back: page 2's rows, not page 1's.
      await page.locator(`a[href^="${second[0]}?"]`).first().click();
      await page.waitForURL((u) => u.pathname === second[0]);
      await expect.poll(() => page.locator('h1').first().textContent()).not.toMatch(/commissions/i);
      await page.goBack();
      await page.waitForURL(pageTwo);
      await expect.poll(() => rows(page)).toEqual(second);

      // A reload keeps page 2.
      await page.reload();
      await expect.poll(() => rows(page)).toEqual(second);
      expect(page.url()).toBe(pageTwo);

      // A filter, changed on page 2, drops the position: taken off again, the list is on page 1.
      await page.locator('input[type=checkbox][value=REQUESTED]').check();
      await page.waitForURL((u) => u.searchParams.get('status') === 'REQUESTED' && !u.searchParams.has('after'));
      await page.locator('input[type=checkbox][value=REQUESTED]').uncheck();
      await page.waitForURL((u) => !u.searchParams.has('status') && !u.searchParams.has('after'));
      await expect.poll(() => rows(page)).toEqual(first);
      expect(s.consoleErrors).toEqual([]);
    });
  }

  // Audit 61: a commission's back link returns to the very list it was opened from (filters and page),
  // also after a reload of the commission; an address that is not the person's own list is ignored.
  for (const [email, path] of [
    ['commissioner@demo.test', '/commissions'],
    ['provider@demo.test', '/provider/commissions'],
  ] as const) {
    it(`${path}: the back link from a commission on a filtered page 2 returns to that page, after a reload too`, async () => {
      const { page } = s;
      await page.context().clearCookies();
      await signIn(page, email);
      // A filter every seeded commission passes, so there is a page 2.
      await page.goto(`${path}?from=2000-01-01`);
      await expect.poll(async () => (await rows(page)).length).toBe(25);
      await page.getByRole('button', { name: 'Next page' }).click();
      await expect.poll(() => cursor(page)).not.toBeNull();
      const second = await rows(page);
      const pageTwo = page.url();
      expect(new URL(pageTwo).searchParams.get('from')).toBe('2000-01-01');

      const backLink = page.locator('a.govuk-back-link');
      await page.locator(`a[href^="${second[0]}?"]`).first().click();
      await page.waitForURL((u) => u.pathname === second[0]);
      await visit(page, `commission-back-${email.split('@')[0]}`, /./);
      await backLink.click();
      await page.waitForURL(pageTwo);
      await expect.poll(() => rows(page)).toEqual(second);

      // Reloaded, the commission page still knows its list.
      await page.locator(`a[href^="${second[0]}?"]`).first().click();
      await page.waitForURL((u) => u.pathname === second[0]);
      await page.reload();
      await expect.poll(() => backLink.getAttribute('href')).toBe(new URL(pageTwo).pathname + new URL(pageTwo).search);
      await backLink.click();
      await page.waitForURL(pageTwo);
      await expect.poll(() => rows(page)).toEqual(second);

      // Opened directly, or with an address that is not this person's list: the plain list.
      for (const back of [
        '',
        '//evil.example/commissions',
        'https://evil.example/commissions',
        '/audit?x=1',
        '/commissionsx',
      ]) {
        await page.goto(`${second[0]}${back ? `?back=${encodeURIComponent(back)}` : ''}`);
        await expect.poll(() => page.locator('h1').first().textContent()).not.toMatch(/commissions/i);
        await expect.poll(() => backLink.getAttribute('href')).toBe(path);
      }
      expect(s.consoleErrors).toEqual([]);
    });
  }

  it('the audit trail: Back from a commission and a reload keep the older events; a filter starts again', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'commissioner@demo.test');
    const events = () => page.locator('tbody tr').evaluateAll((trs) => trs.map((tr) => tr.textContent?.trim() ?? ''));
    await page.goto('/audit');
    await visit(page, 'audit-paging', 'Audit trail');
    await expect.poll(async () => (await events()).length).toBe(50);
    const first = await events();

    await page.getByRole('button', { name: 'Older events' }).click();
    await expect.poll(() => cursor(page)).not.toBeNull();
    await expect.poll(async () => (await events())[0]).not.toBe(first[0]);
    const older = await events();
    const pageTwo = page.url();

    const link = page.locator('tbody a[href^="/commissions/"]').first();
    const href = (await link.getAttribute('href'))!;
    await link.click();
    await page.waitForURL((u) => u.pathname === href);
    await page.goBack();
    await page.waitForURL(pageTwo);
    await expect.poll(() => events()).toEqual(older);
    await page.reload();
    await expect.poll(() => events()).toEqual(older);

    // Filtering (here with no filter at all) starts again at the newest events.
    await page.getByRole('button', { name: 'Filter events' }).click();
    await page.waitForURL((u) => !u.searchParams.has('after'));
    await expect.poll(() => events()).toEqual(first);
    expect(s.consoleErrors).toEqual([]);
  });
});
