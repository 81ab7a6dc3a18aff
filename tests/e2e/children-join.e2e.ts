import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 13 point 9 in the browser: a link worker adds a child and later withdraws them; an
// administrator imports a cohort through its preview and moves a child to another caseload.
describe.each(SCREENS)('children join and caseloads change on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `children-${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(async () => {
    expect(s.consoleErrors).toEqual([]);
    await s.close();
  });

  it('a link worker adds a child, fixing what the form refuses, then withdraws them', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.getByRole('link', { name: 'Add a child' }).click();
    await visit(page, shot('add'), 'Add a child');
    await page.getByRole('button', { name: 'Add child' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/first name/);
    await visit(page, shot('add-errors'), 'Add a child');
    await page.fill('#firstName', 'Ada');
    await page.fill('#lastName', 'Lovelace');
    await page.fill('#dateOfBirth', '14');
    await page.fill('#dateOfBirth-month', '3');
    await page.fill('#dateOfBirth-year', '2017');
    await page.selectOption('#schoolId', { label: 'Catford Park Secondary School (secondary)' });
    await page.selectOption('#yearGroup', { label: 'Year 4' });
    await page.check('#needs');
    await page.fill('#programmeStart', '1');
    await page.fill('#programmeStart-month', '12');
    await page.fill('#programmeStart-year', '2026');
    await page.getByRole('button', { name: 'Add child' }).click();
    // The secondary school takes years 7 to 13: the summary links to the year group.
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/from 7 to 13/);
    await page.selectOption('#schoolId', { label: 'Rushey Green Primary School (primary)' });
    await page.getByRole('button', { name: 'Add child' }).click();
    await page.waitForURL(/\/children\//);
    await visit(page, shot('added'), 'Ada Lovelace');
    await expect.poll(() => page.locator('.govuk-notification-banner--success').textContent()).toMatch(/Child added/);
    await expect
      .poll(() => page.locator('.govuk-summary-list').first().textContent())
      .toMatch(/1 December 2026 to 30 November 2028/);

    await page.getByRole('button', { name: 'Withdraw from the programme' }).click();
    await expect.poll(() => page.getByTestId('confirm').textContent()).toMatch(/withdrawn and leaves your caseload/);
    await visit(page, shot('withdraw-confirm'), 'Ada Lovelace');
    await page.getByRole('button', { name: 'Yes, withdraw' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/has been withdrawn/);
    await expect.poll(() => page.locator('.govuk-summary-list').first().textContent()).toMatch(/Withdrawn/);
  });

  it('an administrator previews a cohort, imports it, and moves a child to another caseload', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/cohort-import');
    await visit(page, shot('import'), 'Import a cohort');
    const header = 'firstName,lastName,dateOfBirth,school,yearGroup,needs,programmeStart,programmeEnd,linkWorkerEmail';
    const good = 'Mo,Farah,2016-05-02,Torridon Primary School,5,anxiety,2027-01-04,,linkworker2@demo.test';
    await page.fill(
      '#csv',
      [header, good, 'Sam,Lee,2016-05-02,Nowhere School,5,,2027-01-04,,linkworker2@demo.test'].join('\n'),
    );
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.locator('caption').textContent()).toMatch(/1 of 2 rows have problems/);
    await expect.poll(() => page.locator('tbody').textContent()).toMatch(/No school called “Nowhere School”/);
    await expect.poll(() => page.getByRole('button', { name: /^Import/ }).count()).toBe(0);
    await visit(page, shot('import-preview'), 'Import a cohort');
    await page.fill('#csv', [header, good].join('\n'));
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('button', { name: 'Import 1 children' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/1 children added/);
    await visit(page, shot('imported'), 'Import a cohort');

    await page.goto('/admin/caseloads');
    await visit(page, shot('caseloads'), 'Caseloads');
    await page.selectOption('#from', { label: 'Tom Okoro' });
    await expect.poll(() => page.locator('caption').textContent()).toMatch(/\d+ children/);
    const first = (await page.locator('tbody th label').first().textContent())!.trim();
    // The chosen link worker is in the address: a refresh shows the same caseload.
    await page.reload();
    await expect.poll(() => page.locator('tbody th label').first().textContent()).toBe(first);
    expect(await page.locator('#from option:checked').textContent()).toBe('Tom Okoro');
    // A row's two confirm buttons each ask in a row of their own below it (newest first); Cancel
    // closes only its own and gives focus back to its button.
    const row = page.locator('tbody tr', { has: page.getByRole('button', { name: /^Withdraw / }) }).first();
    const withdraw = row.getByRole('button', { name: /^Withdraw / });
    await withdraw.click();
    await row.getByRole('button', { name: /^Complete / }).click();
    await expect.poll(() => page.locator('tbody .app-confirm-row').count()).toBe(2);
    expect(await withdraw.getAttribute('aria-expanded')).toBe('true');
    await page.locator('.app-confirm-row').last().getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('tbody .app-confirm-row').count()).toBe(1);
    await expect.poll(() => withdraw.evaluate((b) => b === document.activeElement)).toBe(true);
    expect(await withdraw.getAttribute('aria-expanded')).toBeNull();
    await page.locator('.app-confirm-row').getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.locator('tbody .app-confirm-row').count()).toBe(0);
    await page.check('#child-0');
    await page.selectOption('#toLinkWorkerId', { label: 'Priya Sharma' });
    await visit(page, shot('caseloads-chosen'), 'Caseloads');
    await page.getByRole('button', { name: 'Move selected children' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/1 child moved to Priya Sharma/);
    // The banner comes first; the caseload list is fetched again just after it.
    await expect.poll(() => page.locator('tbody').textContent()).not.toContain(first);
  });
});
