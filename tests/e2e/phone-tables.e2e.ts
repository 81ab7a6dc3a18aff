import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectAccessible, open, SCREENS, type Session, signIn, visit } from './browser';

const [desktop, phone] = SCREENS as [(typeof SCREENS)[0], (typeof SCREENS)[0]];

/** The first table box on the page: its size, how far it scrolls, and the line said to describe it. */
const box = (page: Page) =>
  page
    .locator('.app-scroll')
    .first()
    .evaluate((b) => {
      const r = b.getBoundingClientRect();
      const hint = document.getElementById(b.getAttribute('aria-describedby') ?? '');
      return {
        left: r.left,
        right: r.right,
        scrollWidth: b.scrollWidth,
        wide: b.scrollWidth > b.clientWidth + 1,
        hint: hint?.textContent ?? null,
      };
    });

/** Opens a table row's confirmation and checks it is all on screen and left the table as wide as it was. */
async function confirmFits(page: Page, row: ReturnType<Page['locator']>, opener: RegExp, yes: string) {
  const before = await box(page);
  await row.getByRole('button', { name: opener }).click();
  const question = page.getByTestId('confirm');
  await expect.poll(() => question.count()).toBe(1);
  for (const button of [page.getByRole('button', { name: yes }), page.getByRole('button', { name: 'Cancel' })]) {
    const r = (await button.boundingBox())!;
    expect(r.x).toBeGreaterThanOrEqual(before.left);
    expect(r.x + r.width).toBeLessThanOrEqual(Math.min(before.right, phone.width) + 0.5);
  }
  const q = (await question.boundingBox())!;
  expect(q.x + q.width).toBeLessThanOrEqual(before.right + 0.5);
  expect((await box(page)).scrollWidth).toBe(before.scrollWidth);
  await expectAccessible(page, 'confirm in a table row');
  await question.scrollIntoViewIfNeeded();
  await page.screenshot({ path: `test-output/screenshots/phone-confirm-${yes.replaceAll(' ', '-')}.png` });
  // Cancel takes the row away again and gives focus back to the button that opened it.
  await page.getByRole('button', { name: 'Cancel' }).click();
  await expect.poll(() => question.count()).toBe(0);
  await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(opener);
}

// Audit 38a, F1 and F2: on a phone a wide table says it scrolls sideways, and a confirmation opened
// from its last column is shown in full, not cut off inside the scrolling box.
describe('tables on a phone', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open(phone);
  });
  afterAll(() => s.close());

  it('the users table says it scrolls, and Deactivate asks in full view', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await visit(page, 'phone-users', 'Users');
    await expect.poll(async () => (await box(page)).hint).toBe('Scroll the table sideways to see all its columns');
    expect(await page.locator('.app-scroll-hint').first().isVisible()).toBe(true);
    await confirmFits(
      page,
      page.locator('tbody tr', { hasText: 'provider2@demo.test' }),
      /Deactivate/,
      'Yes, deactivate',
    );
    expect(s.consoleErrors).toEqual([]);
  });

  it('the listings table: Archive asks in full view', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/listings');
    await visit(page, 'phone-listings', 'Your listings');
    const row = page.locator('tbody tr', { has: page.getByRole('button', { name: /^Archive/ }) }).first();
    await confirmFits(page, row, /^Archive/, 'Yes, archive it');
    expect(s.consoleErrors).toEqual([]);
  });

  it('the caseloads table: each child’s reference reads on one line in the sticky column', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/caseloads');
    await visit(page, 'phone-caseloads', 'Caseloads');
    await page.selectOption('#from', { label: 'Tom Okoro' });
    await expect.poll(() => page.locator('caption').textContent()).toMatch(/\d+ children/);
    // Lines the reference's text is laid out on (a range's boxes, one per line fragment).
    const lines = await page.locator('tbody th label').evaluateAll((labels) =>
      labels.map((label) => {
        const range = document.createRange();
        range.selectNodeContents(label);
        const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
        return `${label.textContent?.trim()}: ${tops.size}`;
      }),
    );
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).toEqual(lines.map((l) => l.replace(/\d+$/, '1')));
    expect((await box(page)).wide).toBe(true);
    expect(s.consoleErrors).toEqual([]);
  });

  // Audit 65: a long unbroken name in the sticky first column took 330 of 345 px; it now breaks, the
  // column at most about half the screen, so the others stay readable.
  it('a long unbroken name in the first column breaks, leaving room for the rest', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await visit(page, 'phone-users-long-name', 'Users');
    await page.fill('#name', '=HYPERLINK("http://evil.example/averyveryverylongpath","x")');
    await page.fill('#email', 'a.very.long.unbroken.address.for.testing@demo.test');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/emailed/);
    const row = page.locator('tbody tr', { hasText: 'evil.example' });
    await expect.poll(() => row.count()).toBe(1);
    const first = (await row.locator('th, td').first().boundingBox())!;
    expect(first.width).toBeLessThanOrEqual(phone.width * 0.5);
    expect(s.consoleErrors).toEqual([]);
  });
});

describe('tables on a desktop', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open(desktop);
  });
  afterAll(() => s.close());

  it('a table that fits has no scroll line', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await visit(page, 'desktop-users', 'Users');
    expect(await box(page)).toMatchObject({ wide: false, hint: null });
    expect(await page.locator('.app-scroll-hint').count()).toBe(0);
  });
});
