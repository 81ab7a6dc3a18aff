import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Points 5 and 6 of issue 15: a search that answers, and commissioning from the child's page with
// age and capacity warnings and a check-your-answers step.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('searches in view, in miles, with the postcode formatted, keeps the search on the way back, advises when empty', async () => {
    const { page } = s;
    await page.goto('/');
    await visit(page, shot('search-start'), 'Find local services');
    // The Search button is near the top, not below every filter.
    const button = await page.locator('.app-search-now').boundingBox();
    expect(button!.y + button!.height).toBeLessThan(screen.height);
    await page.fill('#q', 'therapy');
    await page.fill('#postcode', 'se64ru');
    await page.selectOption('#within', '5');
    await page.locator('.app-search-now').click();
    await page.waitForURL(/postcode=se64ru/);
    const status = page.locator('[role=status]').first();
    await expect.poll(() => status.textContent()).toMatch(/services? found, nearest to SE6 4RU first/);
    // Focus and view move to the count of results.
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('role'))).toBe('status');
    const box = await status.boundingBox();
    expect(box!.y).toBeGreaterThanOrEqual(0);
    expect(box!.y).toBeLessThan(screen.height);
    await expect.poll(() => page.locator('.app-result').first().textContent()).toMatch(/\d+(\.\d)? miles? away/);
    await expect.poll(() => page.locator('.app-result').first().textContent()).not.toMatch(/km/);
    // Staff-only words are not shown to the public.
    await expect.poll(() => page.getByText('Commission here').count()).toBe(0);
    await visit(page, shot('search-results-miles'), 'Find local services');

    await page.locator('.app-result h2 a').first().click();
    await page.waitForURL(/\/services\//);
    await page.getByRole('link', { name: 'Back to search' }).click();
    await page.waitForURL((url) => url.pathname === '/');
    const back = new URL(page.url()).searchParams;
    expect([back.get('q'), back.get('postcode'), back.get('within')]).toEqual(['therapy', 'se64ru', '5']);
    await expect.poll(() => page.inputValue('#q')).toBe('therapy');

    await page.goto('/?q=xylophone&free=1');
    await expect.poll(() => page.getByTestId('no-results').count()).toBe(1);
    await visit(page, shot('search-empty'), 'Find local services');
    await page.getByRole('link', { name: 'Remove free only' }).click();
    await page.waitForURL((url) => !url.searchParams.has('free'));
    expect(new URL(page.url()).searchParams.get('q')).toBe('xylophone');
    expect(s.consoleErrors).toEqual([]);
  });

  it('a link worker goes from a child to a service and back to a form for that child, with warnings and a check', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    // The oldest children on the caseload (Year 6: 10, or 11 since the autumn) against a service for 13 to 18.
    const row = page.locator('tbody tr', { hasText: 'Year 6' }).first();
    await row.locator('a').first().click();
    await page.waitForURL(/\/children\//);
    const name = (await page.locator('h1').textContent())!.trim();
    const firstName = name.split(' ')[0]!;
    await visit(page, shot('child-find-service'), name);
    await page.getByRole('button', { name: `Find a service for ${firstName}` }).click();
    await page.waitForURL(/child=/);
    await expect.poll(() => page.getByTestId('for-child').textContent()).toMatch(`Finding a service for ${firstName}`);
    // The search carries the child's age, as the age filter the user can see and clear.
    const age = new URL(page.url()).searchParams.get('age');
    expect(age).toMatch(/^1[01]$/);
    await expect.poll(() => page.inputValue('#age')).toBe(age);
    // Staff see which services can be commissioned.
    await expect.poll(() => page.getByText('Commission here').count()).toBeGreaterThan(0);
    await visit(page, shot('search-for-child'), 'Find local services');
    await page.fill('#q', 'counselling for teenagers');
    await page.locator('.app-search-now').click();
    await page.waitForURL(/q=counselling/);
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toMatch(/found/);
    expect(new URL(page.url()).searchParams.get('age')).toBe(age);
    await expect.poll(() => page.getByRole('link', { name: 'Online counselling for teenagers' }).count()).toBe(0);
    // Cleared, the age no longer narrows the search.
    await page.fill('#age', '');
    await page.locator('.app-search-now').click();
    await page.waitForURL((url) => !url.searchParams.has('age'));
    await page.getByRole('link', { name: 'Online counselling for teenagers' }).first().click();
    await page
      .getByRole('button', { name: 'Commission for a child' })
      .or(page.getByRole('link', { name: 'Commission for a child' }))
      .first()
      .click();
    await page.waitForURL(/\/commission\?child=/);
    await visit(page, shot('commission-for-child'), /Commission Online counselling for teenagers/);
    // The child is already chosen, and the age range does not fit: say so.
    await expect
      .poll(() => page.locator('[data-testid=child-picker] input:checked + label').textContent())
      .toContain(firstName);
    await expect
      .poll(() => page.getByTestId('fit-warnings').textContent())
      .toMatch(/is 1[01]: this service is for ages 13 to 18/);
    await page.fill('#units', '2');
    await page.fill('#rationale', 'Counselling was recommended by the school nurse.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    const answers = await page.getByTestId('check-answers').textContent();
    expect(answers).toContain(firstName);
    expect(answers).toMatch(/2 sessions × £\d+\.\d\d = £\d+\.\d\d/);
    await visit(page, shot('commission-check-answers'), /Commission Online counselling for teenagers/);
    // Change goes back to the field; nothing has been sent.
    await page.getByRole('button', { name: 'Change why this helps' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('rationale');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send commission' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/children/'));
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission sent/);
    expect(new URL(page.url()).search).toBe('');
    expect(s.consoleErrors).toEqual([]);
  });
});
