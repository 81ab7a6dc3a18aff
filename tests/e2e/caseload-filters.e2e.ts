import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14, point 9: a link worker searches their caseload by name or reference and narrows it to
// outcome measures due or overdue; both live in the address, with a count and an empty state.
describe.each(SCREENS)('caseload search on a $name screen', (screen) => {
  let s: Session;
  let child = { firstName: '', lastName: '', reference: '' };
  let due = 0;
  const shot = (name: string) => `caseload-${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
    const token = await s.server.signIn('linkworker@demo.test');
    const res = await s.server.gql(
      `{ children(first: 100) { totalCount edges { node { firstName lastName reference outcomeScheduleState } } } }`,
      {},
      token,
    );
    child = res.data.children.edges[2].node;
    due = res.data.children.edges.filter(
      (e: { node: { outcomeScheduleState: string } }) => e.node.outcomeScheduleState !== 'UP_TO_DATE',
    ).length;
  });
  afterAll(() => s.close());
  const count = () => s.page.getByTestId('caseload-count').textContent();

  it('searches by name, any case, and the search survives a reload', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await visit(page, shot('all'), 'Your caseload');
    // On a desktop the table fits its box: no sideways scroll, no clipped budget bars (it was 2px over at 1280).
    if (screen.width >= 1280) {
      const fit = await page
        .locator('table')
        .first()
        .evaluate((t) => t.getBoundingClientRect().width - t.parentElement!.getBoundingClientRect().width);
      expect(fit).toBeLessThanOrEqual(0);
      expect(await page.getByText('Scroll the table sideways').count()).toBe(0);
    }
    await page.fill('#search', child.lastName.toUpperCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('q') === child.lastName.toUpperCase());
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain(child.lastName);
    await page.reload();
    await visit(page, shot('by-name'), 'Your caseload');
    await expect.poll(() => page.inputValue('#search')).toBe(child.lastName.toUpperCase());
    await expect.poll(() => page.locator('tbody tr').first().textContent()).toContain(child.reference);
    // The child's page links back to the caseload as searched, not to the whole list.
    await page.getByRole('link', { name: `${child.firstName} ${child.lastName}` }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/children/'));
    await page.getByRole('link', { name: 'Back to caseload' }).click();
    await page.waitForURL((url) => url.pathname === '/caseload');
    expect(new URL(page.url()).searchParams.get('q')).toBe(child.lastName.toUpperCase());
    await expect.poll(() => page.inputValue('#search')).toBe(child.lastName.toUpperCase());
  });

  it('finds a child by reference typed in lower case, and back returns to the name search', async () => {
    const { page } = s;
    await page.fill('#search', child.reference.toLowerCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(count).toBe('1 child matches');
    await page.goBack();
    await page.waitForURL((url) => url.searchParams.get('q') === child.lastName.toUpperCase());
    await expect.poll(() => page.inputValue('#search')).toBe(child.lastName.toUpperCase());
  });

  it('narrows to outcome measures due or overdue, and says what to remove when nothing matches', async () => {
    const { page } = s;
    await page.goto('/caseload');
    await page.check('#due');
    await page.waitForURL((url) => url.searchParams.get('due') === 'yes');
    await expect.poll(count).toBe(`${due} ${due === 1 ? 'child matches' : 'children match'}`);
    await page.fill('#search', 'zzzz no such child');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(count).toBe('0 children match');
    await expect
      .poll(() => page.getByTestId('caseload-empty').textContent())
      .toMatch(/Remove the search for “zzzz no such child” or “Outcome measures due or overdue”/);
    await visit(page, shot('empty'), 'Your caseload');
  });

  it('shows the error summary for an over-long search and keeps the address', async () => {
    const { page } = s;
    const before = page.url();
    await page.fill('#search', 'x'.repeat(61));
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/at most 60 characters/);
    await visit(page, shot('error'), 'Your caseload');
    expect(page.url()).toBe(before);
  });
});
