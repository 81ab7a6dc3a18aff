import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// Filters typed into the address by hand (an impossible date, a value longer than the server takes)
// are not sent: the list shows unfiltered by them, and the filter form says what is wrong at the box,
// in the portal's words. No page ever shows graphql-js's or the server's own wording.
const RAW = /Variable "\$|got invalid value|must be a real calendar date|YYYY-MM-DD|Expected|String must|Too big/;

/** The text of the page's main area, once nothing says Loading. */
async function mainText(page: Page) {
  await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.includes('Loading'));
  return (await page.locator('main').textContent()) ?? '';
}

describe('filters in the address that the server would refuse', () => {
  let s: Session;
  const refused: string[] = [];
  beforeAll(async () => {
    s = await open();
    // Every GraphQL answer the pages get: none may carry a refused variable.
    s.page.on('response', async (response) => {
      if (!response.url().endsWith('/graphql')) return;
      const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] };
      for (const e of body.errors ?? []) refused.push(e.message);
    });
  });
  afterAll(() => s.close());

  it('commissions: an impossible first day and an over-long reference are pointed out, and the list still shows', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto(`/commissions?from=2026-13-45&ref=${'x'.repeat(30)}&child=${'c'.repeat(41)}`);
    await expect.poll(() => page.locator('#from-error').textContent()).toMatch(/Enter a real date for the first day/);
    await expect.poll(() => page.locator('#reference-error').textContent()).toMatch(/Enter a reference like CR-7KQ2M/);
    await expect.poll(() => page.locator('#child-error').textContent()).toMatch(/at most 40 characters/);
    await expect.poll(() => page.locator('p[role=status]').first().textContent()).toMatch(/\d+ commissions match/);
    expect(await mainText(page)).not.toMatch(RAW);
    await visit(page, 'url-filters-commissions', 'Commissions');
    expect(refused).toEqual([]);
  });

  it('audit trail: an over-long "who" and an impossible last day are pointed out, and the events still show', async () => {
    const { page } = s;
    await page.goto(`/audit?who=${'w'.repeat(101)}&to=2026-02-30`);
    await expect.poll(() => page.locator('#who-error').textContent()).toMatch(/at most 100 characters/);
    await expect.poll(() => page.locator('#to-error').textContent()).toMatch(/Enter a real date for the last day/);
    await expect.poll(() => page.getByTestId('audit-count').textContent()).toMatch(/\d+ events? match/);
    expect(await mainText(page)).not.toMatch(RAW);
    await visit(page, 'url-filters-audit', 'Audit trail');
    expect(refused).toEqual([]);
  });

  it('a refused query says so in plain words, whatever graphql-js said', async () => {
    const { page } = s;
    const raw = 'Variable "$filter" got invalid value "2026-13-45" at "filter.raisedFrom"; Expected type "Date".';
    await page.route('**/graphql', (route) =>
      route.request().postData()?.includes('query Commissions')
        ? route.fulfill({
            contentType: 'application/json',
            body: JSON.stringify({ errors: [{ message: raw, extensions: { code: 'BAD_USER_INPUT' } }] }),
          })
        : route.continue(),
    );
    await page.goto('/commissions');
    await expect.poll(() => page.locator('.govuk-error-summary').first().textContent()).toMatch(/address is not valid/);
    expect(await mainText(page)).not.toMatch(RAW);
    await page.unroute('**/graphql');
  });

  it('caseload: a search in the address over 60 characters is pointed out, and the caseload still shows', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    refused.length = 0;
    await page.goto(`/caseload?q=${'q'.repeat(61)}`);
    await expect.poll(() => page.locator('#search-error').textContent()).toMatch(/at most 60 characters/);
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(0);
    expect(await mainText(page)).not.toMatch(RAW);
    await visit(page, 'url-filters-caseload', 'Your caseload');
    expect(refused).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
