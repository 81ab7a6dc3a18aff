import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emailOutbox } from '../../drizzle/schema';
import { deliverDueEmails, type Mail } from '../../server/jobs/outbox';
import { silentLogger } from '../../server/logger';
import { open, type Session, signIn, visit } from './browser';

// ISSUE 14, point 3: an organisation asks to join, an administrator approves, the emailed
// invitation sets the contact's password, and they sign in to their organisation's staff page.
let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

async function mailFor(address: string): Promise<Mail[]> {
  const sent: Mail[] = [];
  await deliverDueEmails(s.server.db, {
    transport: { sendMail: async (m) => sent.push(m) },
    from: 'portal@council.example',
    baseUrl: s.server.url,
    logger: silentLogger,
  });
  return sent.filter((m) => m.to === address);
}

describe('an organisation joins the directory', () => {
  it('request, approval, invitation accepted, sign in', async () => {
    const { page, server } = s;
    await server.db.update(emailOutbox).set({ status: 'SENT' }); // the demo seed's emails
    await page.goto('/sign-in');
    await page.getByRole('link', { name: 'Ask to join the directory' }).click();
    await visit(page, 'join', 'Ask to join the directory');
    await page.selectOption('#zoneSlug', 'demo');
    await page.fill('#name', 'Riverside Youth Trust');
    await page.fill('#charityNumber', '12ab');
    await page.fill('#contactName', 'Sam Rivers');
    await page.fill('#contactEmail', 'sam@riverside.example');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/6 to 8 digits/);
    await visit(page, 'join-error', 'Ask to join the directory');
    await page.fill('#charityNumber', '1123456');
    await page.getByRole('button', { name: 'Send request' }).click();
    await visit(page, 'join-sent', 'Request sent');
    expect((await mailFor('sam@riverside.example')).map((m) => m.subject)).toEqual([
      'We have your request to join the directory',
    ]);

    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/organisations');
    await visit(page, 'admin-organisations', 'Organisations');
    await page.getByRole('button', { name: 'Approve and invite Sam Rivers' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/approved/);
    const mails = await mailFor('sam@riverside.example');
    expect(mails.map((m) => m.subject).sort()).toEqual([
      'You have been invited to the partnership portal',
      'Your organisation has joined the directory',
    ]);
    const invitation = mails.find((m) => m.subject.startsWith('You have been invited'))!;
    const link = /http\S+reset-password\?token=[\w-]+/.exec(invitation.text)![0];

    await page.context().clearCookies();
    await page.goto(link);
    await page.fill('#newPassword', 'riverside passphrase');
    await page.fill('#confirm', 'riverside passphrase');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-panel__title').textContent()).toMatch(/password is set/);
    await page.goto('/sign-in');
    await page.fill('#email', 'sam@riverside.example');
    await page.fill('#password', 'riverside passphrase');
    await page.click('button[type=submit]');
    await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
    await page.goto('/provider/staff');
    await visit(page, 'provider-staff', 'Staff');
    await expect.poll(() => page.locator('table').textContent()).toMatch(/Sam Rivers/);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a provider invites a colleague and deactivates them', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/staff');
    await visit(page, 'provider-staff-demo', 'Staff');
    await page.fill('#name', 'Jo Colleague');
    await page.fill('#email', 'jo.colleague@provider.example');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/emailed/);
    await page.getByRole('button', { name: 'Deactivate Jo Colleague' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/deactivated/);
    await expect.poll(() => page.getByRole('button', { name: 'Reactivate Jo Colleague' }).count()).toBe(1);
    await visit(page, 'provider-staff-deactivated', 'Staff');
    expect(s.consoleErrors).toEqual([]);
  });
});
