import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// The account page, from the header: change the password with the current one (GOV.UK error
// summary on mistakes), and sign out of all devices.
describe.each(SCREENS)('the account page on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('changes the password, with errors summarised, and signs out of all devices', async () => {
    const { page } = s;
    await signIn(page, 'linkworker2@demo.test');
    // Another device's session, which both actions must end.
    const other = await s.server.signIn('linkworker2@demo.test');
    const alive = async () => (await s.server.gql('{ viewer { id } }', {}, other)).data.viewer !== null;
    expect(await alive()).toBe(true);

    await page.getByRole('link', { name: 'Your account' }).click();
    await page.waitForURL((url) => url.pathname === '/account');
    await visit(page, `account-${screen.name}`, 'Your account');

    await page.fill('#currentPassword', 'not-my-password');
    await page.fill('#newPassword', 'a brand new passphrase');
    await page.fill('#confirm', 'a brand new passphrase');
    await page.click('form button[type=submit]');
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toMatch(/current password is not right/);
    await visit(page, `account-error-${screen.name}`, 'Your account');
    expect(await alive()).toBe(true);

    await page.fill('#currentPassword', DEMO_PASSWORD);
    await page.click('form button[type=submit]');
    await expect.poll(() => page.locator('#password-changed').textContent()).toMatch(/password is changed/);
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(0);
    expect(await alive()).toBe(false);
    await visit(page, `account-changed-${screen.name}`, 'Your account');

    await page.getByRole('button', { name: 'Sign out of all devices' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
    await page.goto('/account');
    await page.waitForURL((url) => url.pathname.startsWith('/sign-in'));
    expect(s.consoleErrors).toEqual([]);
  });
});
