import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// Audit 60: the listing form and "Add pot" showed their errors a few at a time (the form's own
// checks first, then the API's postcode lookup alone, then the rest). One submit shows them all.

const summary = (page: Page) => page.locator('.govuk-error-summary li').allTextContents();

describe('every error in one summary, on the first submit', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open();
  });
  afterAll(() => s.close());

  it('the listing form: empty, then bad values, then fixed and saved', async () => {
    const { page } = s;
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/listings/new');
    await visit(page, 'listing-new-at-once', 'Add a listing');
    const save = page.getByRole('button', { name: 'Save as draft' });

    await save.click();
    await expect
      .poll(() => summary(page))
      .toEqual([
        'Enter the service name',
        'Enter the description',
        'Choose at least one category',
        'Choose at least one way the service is delivered',
        'Enter the price in pounds, like 45 or 42.50, or tick “This service is free”',
        'Add the address of the venue',
      ]);
    expect(
      await page.locator('.govuk-error-summary a').evaluateAll((as) => as.map((a) => a.getAttribute('href'))),
    ).toEqual(['#name', '#description', '#categoryIds', '#deliveryModes', '#price', '#locationName']);

    await page.fill('#name', 'All at once club');
    await page.fill('#description', 'A weekly club for testing that a form shows every problem.');
    await page.locator('#categoryIds').check();
    await page.locator('#deliveryModes').check();
    await page.fill('#minAge', '12');
    await page.fill('#maxAge', '5');
    await page.fill('#price', '-3');
    await page.fill('#capacity', 'abc');
    await page.fill('#referralLeadTimeDays', '-2');
    await page.fill('#contactEmail', 'bad@');
    await page.fill('#website', 'javascript:alert(1)');
    await page.fill('#locationName', 'Club hall');
    await page.fill('#locationAddress', '1 Test Road, London');
    await page.fill('#locationPostcode', 'ZZ1');
    await save.click();
    await expect
      .poll(() => summary(page))
      .toEqual([
        'Maximum age must be the same as or more than the minimum age',
        'Enter the price in pounds, like 45 or 42.50, or tick “This service is free”',
        'Enter a whole number',
        'Lead time cannot be negative',
        'Enter an email address like name@example.org',
        'Enter a web address starting https://, like https://example.org',
        'Enter a real UK postcode, like SE6 4RU',
      ]);
    await visit(page, 'listing-bad-values-at-once', 'Add a listing');

    // Everything can be sent now: the API's answer has its postcode lookup with its other checks.
    await page.fill('#price', '45');
    await page.fill('#capacity', '10');
    await page.fill('#locationPostcode', 'ZZ9 9ZZ');
    await save.click();
    await expect
      .poll(() => summary(page))
      .toEqual([
        'Maximum age must be the same as or more than the minimum age',
        'Lead time cannot be negative',
        'Enter an email address like name@example.org',
        'Enter a web address starting https://, like https://example.org',
        'We do not know this postcode: check it, or give the coordinates',
      ]);
    expect(page.url()).toMatch(/\/provider\/listings\/new$/);

    await page.fill('#maxAge', '16');
    await page.fill('#referralLeadTimeDays', '2');
    await page.fill('#contactEmail', 'club@example.org');
    await page.fill('#website', 'https://example.org');
    await page.fill('#locationPostcode', 'SE6 4JD');
    await save.click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Listing saved\./);
    await expect.poll(() => page.locator('tbody tr', { hasText: 'All at once club' }).textContent()).toMatch(/Draft/);
  });

  it('"Add pot": no name and no total are both shown', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/funding');
    await visit(page, 'funding-add-pot-at-once', 'Funding');
    await page.getByRole('button', { name: 'Add pot' }).click();
    const pot = page.locator('.govuk-error-summary', { hasText: 'The pot could not be added' });
    await expect
      .poll(() => pot.locator('li').allTextContents())
      .toEqual(['Name the pot', 'Enter the pot’s total in pounds']);
    await page.fill('#potName', 'At once fund');
    await page.fill('#potTotal', '100');
    await page.getByRole('button', { name: 'Add pot' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Funding pot added/);
  });
});
