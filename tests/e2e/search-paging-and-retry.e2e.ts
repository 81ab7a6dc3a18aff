import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, visit } from './browser';

/** The count of results above the list: it takes focus after a search or a change of page. */
const countHasFocus = () => {
  const e = document.activeElement;
  return !!e && e.tagName === 'P' && /\d/.test(e.textContent ?? '') && e.getAttribute('role') === 'status';
};

describe('search on a 375 px phone: paging and trying again', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open({ name: 'phone-375', width: 375, height: 667 });
  });
  afterAll(() => s.close());

  it('the next page brings the results’ count into view with focus, not the bottom of the last page', async () => {
    const { page } = s;
    await page.goto('/');
    await visit(page, 'search-375', 'Find local services');
    const next = page.getByRole('button', { name: 'Next page' });
    await expect.poll(() => next.count()).toBe(1);
    await next.scrollIntoViewIfNeeded();
    await next.click();
    await page.waitForURL((u) => u.searchParams.has('after'));
    await expect.poll(() => page.evaluate(countHasFocus)).toBe(true);
    const top = await page.locator('p[role=status][tabindex="-1"]').evaluate((e) => e.getBoundingClientRect().top);
    expect(top).toBeGreaterThanOrEqual(0);
    expect(top).toBeLessThan(667);
    await visit(page, 'search-375-page-2', 'Find local services');
  });

  it('a search that failed offline is offered again once back online, without a reload', async () => {
    const { page } = s;
    await page.goto('/');
    await visit(page, 'search-375-before-offline', 'Find local services');
    await page.context().setOffline(true);
    await page.fill('#q', 'family therapy');
    await page.locator('#q').press('Enter');
    const again = page.getByRole('button', { name: 'Try again' });
    await expect.poll(() => again.count()).toBe(1);
    await visit(page, 'search-375-offline', 'Find local services');
    await page.context().setOffline(false);
    await again.click();
    await expect.poll(() => page.getByRole('link', { name: 'Family therapy sessions' }).count()).toBeGreaterThan(0);
    await expect.poll(() => again.count()).toBe(0);
    const unexpected = s.consoleErrors.filter(
      (e) => !/Failed to load resource|ERR_INTERNET_DISCONNECTED|fetch/i.test(e),
    );
    expect(unexpected).toEqual([]);
  });
});
