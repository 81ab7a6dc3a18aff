import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

describe('provider', () => {
  it('sees its organisation, fixes an invalid listing, publishes it, and works a commission to completion', async () => {
    const { page } = s;
    await signIn(page, 'provider@demo.test');
    expect(new URL(page.url()).pathname).toBe('/provider/commissions');
    await page.getByRole('link', { name: 'Commissions', exact: true }).click();
    await visit(page, 'provider-commissions', 'Incoming commissions');
    await expect.poll(() => page.getByRole('link', { name: 'Caseload' }).count()).toBe(0);

    await page.getByRole('link', { name: 'Organisation' }).click();
    await visit(page, 'provider-organisation', 'Riverside Family Therapy');
    await page.fill('#website', 'not a web address');
    // An address the Open Referral feed could never publish (a domain label ending in "-").
    await page.fill('#email', 'team@riverside-.org');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.locator('#website-error').textContent()).toMatch(/starting https/);
    await expect.poll(() => page.locator('#email-error').textContent()).toMatch(/like name@example.org/);
    await page.fill('#email', 'team@riverside.example.org');
    await page.fill('#website', 'https://riverside.example.org');
    await page.getByRole('button', { name: 'Save profile' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/profile is saved/);

    await page.getByRole('link', { name: 'Listings' }).click();
    await visit(page, 'provider-listings', 'Your listings');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(4);
    // A stale listing is flagged, and confirmed as still accurate in one click.
    const stale = page.locator('tbody tr', { hasText: 'Parenting teenagers course' });
    await expect.poll(() => stale.textContent()).toMatch(/Stale/);
    await stale.getByRole('button', { name: /Still accurate/ }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/marked as reviewed/);
    await expect.poll(() => stale.textContent()).not.toMatch(/Stale/);

    // An invalid listing: errors in the summary and beside each field, nothing saved.
    await page
      .getByRole('button', { name: 'Add a listing' })
      .or(page.getByRole('link', { name: 'Add a listing' }))
      .first()
      .click();
    await visit(page, 'listing-new', 'Add a listing');
    await page.fill('#minAge', '12');
    await page.fill('#maxAge', '5');
    await page.fill('#price', '45');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Enter the service name/);
    await expect.poll(() => page.locator('#name-error').textContent()).toMatch(/Enter the service name/);
    await expect.poll(() => page.locator('#maxAge-error').textContent()).toMatch(/Maximum age/);
    await expect.poll(() => page.locator('#categoryIds-error').textContent()).toMatch(/at least one category/);
    await visit(page, 'listing-errors', 'Add a listing');

    await page.fill('#name', 'Teen talk sessions');
    await page.fill('#description', 'Counselling for teenagers, weekly, at our Catford centre.');
    await page.fill('#maxAge', '18');
    await page.locator('#categoryIds').check();
    await page.locator('#deliveryModes').check();
    await page.fill('#locationName', 'Catford centre');
    await page.fill('#locationAddress', '10 Rushey Green, London');
    await page.fill('#locationPostcode', 'SE6 4JD');
    await page.click('button[type=submit]');
    const row = page.locator('tbody tr', { hasText: 'Teen talk sessions' });
    const banner = page.locator('.govuk-notification-banner');
    await expect.poll(() => banner.textContent()).toMatch(/Listing saved\./);
    await expect.poll(() => row.textContent()).toMatch(/Draft/);
    // Said once (audit 58): the address loses ?saved=1 in place, so neither a reload nor Back and
    // Forward bring the banner back, and Back goes to the form, not to a "saved" entry.
    await page.waitForURL((url) => url.pathname === '/provider/listings' && url.search === '');
    await page.reload();
    await expect.poll(() => row.textContent()).toMatch(/Draft/);
    expect(await banner.count()).toBe(0);
    await page.goBack();
    await page.waitForURL((url) => url.pathname === '/provider/listings/new');
    await page.goForward();
    await page.waitForURL((url) => url.pathname === '/provider/listings' && url.search === '');
    await expect.poll(() => row.textContent()).toMatch(/Draft/);
    expect(await banner.count()).toBe(0);
    await row.getByRole('button', { name: /Publish/ }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/Teen talk sessions is published/);
    await expect.poll(() => row.textContent()).toMatch(/Published/);

    // Edit it: the form comes back filled in, a bad price is refused beside the field, a good one saved.
    await row.getByRole('link', { name: /Edit/ }).click();
    await visit(page, 'listing-edit', 'Edit listing');
    await expect.poll(() => page.inputValue('#name')).toBe('Teen talk sessions');
    await expect.poll(() => page.inputValue('#locationPostcode')).toBe('SE6 4JD');
    await page.fill('#price', 'forty');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('#price-error').textContent()).toMatch(/Enter the price in pounds/);
    await page.fill('#price', '48');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => banner.textContent()).toMatch(/Listing saved\./);
    await expect
      .poll(() => page.locator('tbody tr', { hasText: 'Teen talk sessions' }).textContent())
      .toMatch(/£48\.00 a session/);

    // Incoming commissions: accept, record delivery (too many, then right), complete; decline needs a reason.
    await page.getByRole('link', { name: 'Commissions', exact: true }).click();
    // A card whose status tag says exactly this (timelines also mention "Auto approved").
    const withStatus = (status: string) =>
      page
        .locator('.govuk-summary-card')
        .filter({ has: page.locator('.govuk-tag', { hasText: new RegExp(`^${status}$`) }) })
        .first();
    // Pinned by its reference: once accepted, the list is fetched again and may reorder.
    const reference = (await withStatus('Approved').locator('.app-reference').textContent()) ?? '';
    expect(reference).toMatch(/^CR-/);
    const approved = page.locator('.govuk-summary-card', { hasText: reference });
    await approved.getByRole('button', { name: 'Decline' }).click();
    await approved.getByRole('button', { name: 'Decline commission' }).click();
    await expect
      .poll(() => approved.locator('.govuk-error-message').textContent())
      .toMatch(/Give a reason for declining/);
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await approved.getByRole('button', { name: 'Back' }).click();
    await approved.getByRole('button', { name: 'Accept' }).click();
    await approved.getByRole('button', { name: 'Yes, accept it' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission accepted/);

    const accepted = approved;
    await expect.poll(() => accepted.locator('.govuk-tag').first().textContent()).toBe('Accepted');
    await accepted.getByRole('button', { name: 'Record delivery' }).click();
    // The button is replaced by the form: focus goes to its field, and Back returns it to the button.
    const focused = () => page.evaluate(() => [document.activeElement?.tagName, document.activeElement?.textContent]);
    await expect
      .poll(() => accepted.locator('input[inputmode=numeric]').evaluate((i) => i === document.activeElement))
      .toBe(true);
    await accepted.getByRole('button', { name: 'Back' }).click();
    await expect.poll(focused).toEqual(['BUTTON', `Record delivery ${reference}`]);
    await accepted.getByRole('button', { name: 'Record delivery' }).click();
    // A part unit is pointed out as such; the accept banner above no longer stands (audit 45 F3, F6).
    await accepted.locator('input[inputmode=numeric]').fill('1.5');
    await accepted.getByRole('button', { name: 'Save delivery' }).click();
    await expect.poll(() => accepted.locator('.govuk-error-message').textContent()).toMatch(/whole number/);
    expect(await page.locator('.govuk-notification-banner').count()).toBe(0);
    await accepted.locator('input[inputmode=numeric]').fill('99');
    await accepted.getByRole('button', { name: 'Save delivery' }).click();
    // A field's error shows beside the field, once (not again in a summary inside the card).
    await expect.poll(() => accepted.locator('.govuk-error-message').textContent()).toMatch(/at most \d+ more/);
    await expect.poll(() => accepted.getByText(/at most \d+ more/).count()).toBe(1);
    await accepted.locator('input[inputmode=numeric]').fill('1');
    await accepted.getByRole('button', { name: 'Save delivery' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/1 \w+ recorded/);
    await accepted.getByRole('button', { name: 'Complete' }).click();
    await accepted.getByRole('button', { name: 'Yes, complete it' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission completed/);
    // A completed commission says what was paid (format.test.ts: what went back when short of all units).
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Delivered(\d+) of \1Paid£[1-9]/);
    await visit(page, 'provider-commissions-after', 'Incoming commissions');
    expect(s.consoleErrors).toEqual([]);
  });
});
