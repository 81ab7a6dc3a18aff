import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14, point 9: the audit trail filtered by who acted, by dates and by commission reference,
// with the filters in the address (reload and back keep them), a live count, the GOV.UK error
// summary for bad input and an empty state that names the filter to remove.
describe.each(SCREENS)('audit trail filters on a $name screen', (screen) => {
  let s: Session;
  let reference = '';
  const shot = (name: string) => `audit-${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
    const token = await s.server.signIn('commissioner@demo.test');
    const res = await s.server.gql(`{ commissions(first: 1) { edges { node { reference } } } }`, {}, token);
    reference = res.data.commissions.edges[0].node.reference;
  });
  afterAll(() => s.close());

  const count = () => s.page.getByTestId('audit-count').textContent();

  it('filters by who acted and keeps the filter through a reload', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/audit');
    await visit(page, shot('all'), 'Audit trail');
    const all = Number((await count())?.match(/^(\d+)/)?.[1]);
    expect(all).toBeGreaterThan(1);
    await page.fill('#who', 'priya');
    await page.getByRole('button', { name: 'Filter events' }).click();
    await page.waitForURL((url) => url.searchParams.get('who') === 'priya');
    await expect.poll(async () => Number((await count())?.match(/^(\d+)/)?.[1])).toBeLessThan(all);
    const some = await count();
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toMatch(/Priya/);
    await page.reload();
    await visit(page, shot('by-who'), 'Audit trail');
    await expect.poll(() => page.inputValue('#who')).toBe('priya');
    await expect.poll(count).toBe(some);
  });

  it('finds a commission’s events by its reference typed loosely, and back returns to the last filter', async () => {
    const { page } = s;
    await page.fill('#who', '');
    await page.fill('#ref', ` ${reference.toLowerCase().replace('-', ' ')}`);
    await page.getByRole('button', { name: 'Filter events' }).click();
    await page.waitForURL((url) => url.searchParams.has('ref') && !url.searchParams.has('who'));
    await expect.poll(async () => Number((await count())?.match(/^(\d+)/)?.[1])).toBeGreaterThan(0);
    await visit(page, shot('by-reference'), 'Audit trail');
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('who') === 'priya');
    await expect.poll(() => page.inputValue('#who')).toBe('priya');
  });

  it('shows the error summary for a bad reference or impossible date and changes nothing', async () => {
    const { page } = s;
    const before = page.url();
    await page.fill('#ref', 'CR-00000');
    await page.fill('#from', '31');
    await page.fill('#from-month', '2');
    await page.fill('#from-year', '2026');
    await page.getByRole('button', { name: 'Filter events' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toMatch(/Enter a reference like CR-7KQ2M/);
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Enter a real date/);
    await visit(page, shot('error'), 'Audit trail');
    expect(page.url()).toBe(before);
  });

  it('says which filter to remove when nothing matches', async () => {
    const { page } = s;
    await page.goto('/audit?who=priya&from=2099-01-01');
    await visit(page, shot('empty'), 'Audit trail');
    await expect.poll(count).toBe('0 events match');
    await expect
      .poll(() => page.getByTestId('audit-empty').textContent())
      .toMatch(/Remove the filter on who acted .* or the dates/);
    await page.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(async () => Number((await count())?.match(/^(\d+)/)?.[1])).toBeGreaterThan(1);
  });
});
