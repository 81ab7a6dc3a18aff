import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceId } from '../setup/money';
import { globalId } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 7: with the setting on, a provider's change waits; a commissioner sees the diff,
// rejects with a reason (the error summary first), then approves; the history shows both.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  let gid: string;
  let adminToken: string;
  beforeAll(async () => {
    s = await open(screen);
    gid = globalId('Service', await serviceId(s.server.db, 'Family therapy sessions'));
    adminToken = await s.server.signIn('admin@demo.test');
    await s.server.gql(
      'mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename } }',
      { input: { delegatedLimitPence: 25000, listingEditsNeedApproval: true } },
      adminToken,
    );
  });
  afterAll(() => s.close());

  const propose = async (description: string) => {
    const { page } = s;
    await page.goto(`/provider/listings/${encodeURIComponent(gid)}/edit`);
    await visit(page, `listing-edit-${screen.name}`, 'Edit listing');
    await page.fill('#description', description);
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/waiting for approval/);
  };

  it('with the setting off, the page says changes go live at once rather than that none are waiting', async () => {
    const { page } = s;
    const setting = (on: boolean) =>
      s.server.gql(
        'mutation($input: UpdateZoneSettingsInput!) { updateZoneSettings(input: $input) { __typename } }',
        { input: { delegatedLimitPence: 25000, listingEditsNeedApproval: on } },
        adminToken,
      );
    await setting(false);
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/listing-changes');
    await visit(page, `listing-changes-off-${screen.name}`, 'Listing changes to approve');
    await expect
      .poll(() => page.getByTestId('edits-go-live').textContent())
      .toMatch(/providers’ changes to published listings go live at once, so none wait here/);
    await page.getByRole('button', { name: /Sign out/ }).click();
    await setting(true);
  });

  it('a provider’s change waits; a commissioner rejects it with a reason, then approves the next', async () => {
    const { page } = s;
    await signIn(page, 'provider@demo.test');
    await propose('A new description waiting for approval.');
    await visit(page, `listing-pending-${screen.name}`, 'Your listings');
    // The form starts from the waiting changes and says so: a second save keeps the first (audit).
    await page.goto(`/provider/listings/${encodeURIComponent(gid)}/edit`);
    await visit(page, `listing-edit-pending-${screen.name}`, 'Edit listing');
    await expect
      .poll(() => page.getByTestId('pending-notice').textContent())
      .toMatch(/earlier changes are waiting for approval; this form shows them/);
    expect(await page.inputValue('#description')).toBe('A new description waiting for approval.');
    await page.fill('#eligibility', 'Families in the borough, from a second edit.');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/waiting for approval/);
    // Another organisation's listing: no form that could never be saved, but whose it is.
    const circus = globalId('Service', await serviceId(s.server.db, 'After-school circus club'));
    await page.goto(`/provider/listings/${encodeURIComponent(circus)}/edit`);
    await expect
      .poll(() => page.locator('#not-your-listing').textContent())
      .toBe('This listing is Catford Circus Collective’s: only that organisation can change it.');
    expect(await page.locator('form').count()).toBe(0);
    // Its version history is not theirs either: said under a heading (the page had none).
    await page.goto(`/listings/${encodeURIComponent(circus)}/history`);
    await visit(page, `listing-history-other-${screen.name}`, 'Listing not found');
    // The directory still shows the live version.
    await page.goto(`/services/${encodeURIComponent(gid)}`);
    await visit(page, `listing-live-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => page.textContent('main')).not.toContain('A new description waiting for approval.');

    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/listing-changes');
    await visit(page, `listing-changes-${screen.name}`, 'Listing changes to approve');
    const main = () => page.textContent('main');
    await expect.poll(() => main()).toContain('A new description waiting for approval.');
    expect(await main()).toContain('Families in the borough, from a second edit.');
    await page.getByRole('button', { name: /^Reject/ }).click();
    // Focus goes to the reason asked for in the button's place, and Back gives it to the button again.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await page.getByRole('button', { name: 'Back' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/^Reject/);
    await page.getByRole('button', { name: /^Reject/ }).click();
    await page.getByRole('button', { name: 'Reject the changes' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Say why/);
    await visit(page, `listing-reject-error-${screen.name}`, 'Listing changes to approve');
    await page.locator('textarea').fill('Please keep the session length in the description.');
    await page.getByRole('button', { name: 'Reject the changes' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/not approved/);
    await expect.poll(main).toMatch(/No listing changes are waiting/);

    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn(page, 'provider@demo.test');
    await propose('The approved new description.');
    await page.getByRole('button', { name: /Sign out/ }).click();
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/listing-changes');
    await visit(page, `listing-changes-2-${screen.name}`, 'Listing changes to approve');
    await page.getByRole('button', { name: /^Approve/ }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/approved and live/);

    await page.goto(`/listings/${encodeURIComponent(gid)}/history`);
    await visit(page, `listing-history-${screen.name}`, 'Family therapy sessions');
    const history = await main();
    expect(history).toContain('Not approved');
    expect(history).toContain('Reason: Please keep the session length in the description.');
    expect(history).toContain('Live version');
    await page.goto(`/services/${encodeURIComponent(gid)}`);
    await visit(page, `listing-approved-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => main()).toContain('The approved new description.');
  });
});
