import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// A page's cursor belongs to its list, its filters and its order (schema/page-cursors.ts). One
// that does not fit (an address edited by hand, or another list's cursor pasted in) is refused
// by the server; the page says so and offers the list's first page, with the filters kept,
// rather than a "try again" that would fail the same way.

describe('a page address whose place in the list no longer fits', () => {
  let s: Session;
  let cursor = '';
  beforeAll(async () => {
    s = await open();
    await signIn(s.page, 'linkworker@demo.test');
  });
  afterAll(() => s.close());

  it('search: the error summary links to the first page of the changed search', async () => {
    const { page } = s;
    await page.goto('/');
    await visit(page, 'stale-cursor-search', 'Find local services');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL((u) => u.searchParams.has('after'));
    cursor = new URL(page.url()).searchParams.get('after')!;

    // The same place, but with a search text added by hand: not the list the cursor came from.
    await page.goto(`/?q=club&after=${encodeURIComponent(cursor)}`);
    const restart = page.getByRole('link', { name: /does not fit this search: go to the first page/ });
    await expect.poll(() => restart.count()).toBe(1);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await visit(page, 'stale-cursor-search-refused', 'Find local services');
    await restart.click();
    await page.waitForURL((u) => !u.searchParams.has('after'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('club');
    await expect.poll(() => page.locator('.app-result').count()).toBeGreaterThan(0);
    expect(await restart.count()).toBe(0);
  });

  it('a list page: the notice offers the first page instead of trying again', async () => {
    const { page } = s;
    await page.goto(`/notifications?after=${encodeURIComponent(cursor)}&at=21`);
    const restart = page.getByRole('link', { name: 'Go to the first page' });
    await expect.poll(() => restart.count()).toBe(1);
    await expect.poll(() => page.getByRole('alert').first().textContent()).toMatch(/does not fit its filters/);
    expect(await page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    await visit(page, 'stale-cursor-notifications-refused', 'Notifications');
    await restart.click();
    await page.waitForURL((u) => !u.searchParams.has('after'));
    expect(new URL(page.url()).searchParams.has('at')).toBe(false);
    await visit(page, 'stale-cursor-notifications-first-page', 'Notifications');
    expect(await restart.count()).toBe(0);
    expect(s.consoleErrors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });
});
