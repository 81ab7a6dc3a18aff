import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox, users } from '../../drizzle/schema';
import { issueAccountToken } from '../../schema/domain/account-tokens';
import { inTransaction } from '../../schema/domain/transaction';
import { deliverDueEmails, type Mail } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { open, type Session, signIn, visit } from './browser';

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
    await expect.poll(() => page.locator('form').count()).toBe(0);

    // A dead link is said on opening, before anyone types a password, with the way to a new one.
    await page.goto('/reset-password?token=not-a-real-token');
    await visit(page, 'reset-password', 'Set your password');
    await expect.poll(() => page.getByTestId('dead-link').textContent()).toMatch(/expired or has already been used/);
    expect(await page.getByRole('link', { name: 'Ask for a new link' }).getAttribute('href')).toBe('/forgot-password');
    expect(await page.locator('form').count()).toBe(0);

    const [admin] = await server.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
    const token = await inTransaction(server.db, (tx) => issueAccountToken(tx, admin!.id, 'FIRST_SIGN_IN'));
    await page.goto(`/reset-password?token=${token}`);
    await visit(page, 'reset-password-valid', 'Set your password');
    await page.fill('#newPassword', 'short');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/at least 12 characters/);
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

  it('"Forgot your password?" from the sign-in page: the emailed link sets a new password', async () => {
    const { page, server } = s;
    await page.context().clearCookies();
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await visit(page, 'forgot-password', 'Reset your password');
    await page.fill('#email', 'not an address');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/like name@example.org/);
    await visit(page, 'forgot-password-error', 'Reset your password');
    await server.db.update(emailOutbox).set({ status: 'SENT' }); // the demo seed's emails
    await page.fill('#email', 'provider@demo.test');
    await page.click('button[type=submit]');
    await visit(page, 'forgot-password-sent', 'Check your email');
    await expect.poll(() => page.locator('main').textContent()).toMatch(/If provider@demo.test has an account/);

    const sent: Mail[] = [];
    await deliverDueEmails(server.db, {
      transport: { sendMail: async (m) => sent.push(m) },
      from: 'portal@council.example',
      baseUrl: server.url,
      logger: silentLogger,
    });
    const mail = sent.find((m) => m.to === 'provider@demo.test' && m.subject === 'Reset your password')!;
    const link = /http\S+reset-password\?token=[\w-]+/.exec(mail.text)![0];
    await page.goto(link);
    await page.fill('#newPassword', 'provider new passphrase');
    await page.fill('#confirm', 'provider new passphrase');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toMatch(/password is set/);
    // The link is spent: opening it again says so at once and offers a new one.
    await page.goto(link);
    await expect.poll(() => page.getByRole('link', { name: 'Ask for a new link' }).count()).toBe(1);
    expect(await page.locator('form').count()).toBe(0);
    await visit(page, 'reset-password-spent', 'Set your password');
    expect(s.consoleErrors).toEqual([]);
  });

  it('chooses which emails come straight away, in a daily summary, or not at all', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/notifications');
    await page.getByRole('link', { name: 'Choose which of these we email you' }).click();
    await visit(page, 'email-settings', 'Email settings');
    await page.locator('#COMMISSION_ACCEPTED-DAILY_DIGEST').check();
    await page.locator('#COMMISSION_DECLINED-OFF').check();
    await page.getByRole('button', { name: 'Save email settings' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/saved/);
    await page.reload();
    await expect.poll(() => page.locator('#COMMISSION_ACCEPTED-DAILY_DIGEST').isChecked()).toBe(true);
    await expect.poll(() => page.locator('#COMMISSION_DECLINED-OFF').isChecked()).toBe(true);
    expect(s.consoleErrors).toEqual([]);
  });
});
