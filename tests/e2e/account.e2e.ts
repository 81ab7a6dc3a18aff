import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../drizzle/schema';
import { issueAccountToken } from '../../schema/domain/account-tokens';
import { inTransaction } from '../../schema/domain/transaction';
import { open, type Session, visit } from './browser';

// A single-use link (zone:create's first sign-in, later invitations and resets) in the browser.
let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

describe('setting a password from a single-use link', () => {
  it('refuses a bad link and a short password with the GOV.UK error summary, then sets it and signs in', async () => {
    const { page, server } = s;
    await page.goto('/reset-password');
    await visit(page, 'reset-password-no-token', 'Set your password');
    expect(await page.locator('form').count()).toBe(0);

    await page.goto('/reset-password?token=not-a-real-token');
    await visit(page, 'reset-password', 'Set your password');
    await page.fill('#newPassword', 'short');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/at least 12 characters/);
    await page.fill('#newPassword', 'a long enough passphrase');
    await page.fill('#confirm', 'a long enough passphrase');
    await page.click('button[type=submit]');
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toMatch(/expired or has already been used/);

    const [admin] = await server.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
    const token = await inTransaction(server.db, (tx) => issueAccountToken(tx, admin!.id, 'FIRST_SIGN_IN'));
    await page.goto(`/reset-password?token=${token}`);
    await visit(page, 'reset-password-valid', 'Set your password');
    await page.fill('#newPassword', 'a brand new passphrase');
    await page.fill('#confirm', 'a brand new passphrase');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toMatch(/password is set/);
    await page.locator('.govuk-panel').getByRole('link', { name: 'Sign in' }).click();
    await page.fill('#email', 'admin@demo.test');
    await page.fill('#password', 'a brand new passphrase');
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    expect(s.consoleErrors).toEqual([]);
  });
});
