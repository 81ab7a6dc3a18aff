import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../setup/server';
import { open, type Session, signIn, visit } from './browser';

// The draft the new-commission form keeps (commission-draft.e2e.ts, web/src/lib/draft.ts), on the
// provider's listing form (new and edit) and the administrator's invite form: the session ends before
// Save or Send, the person signs in again and is back on the form as they left it. A saved form
// keeps no draft.

let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s?.close());

/** A fresh sign-in as the administrator, on the Users page (where the invite form is). */
async function adminOnUsers(page: Page, shot: string) {
  await page.context().clearCookies();
  await signIn(page, 'admin@demo.test');
  await page.goto('/admin/users');
  await visit(page, shot, 'Users');
}

/** The session ends (expired, or signed out elsewhere), the form is sent: sign in, back to `path`. */
async function expireSendAndSignIn(page: Page, email: string, send: () => Promise<void>, path: string | RegExp) {
  await page.context().clearCookies();
  await send();
  await page.waitForURL((url) => url.pathname === '/sign-in' && !!url.searchParams.get('next'));
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => (typeof path === 'string' ? url.pathname === path : path.test(url.pathname)));
}

describe('a form’s draft survives an ended session', () => {
  it('the provider’s new listing, then an edit of it', async () => {
    const { page } = s;
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/listings/new');
    await visit(page, 'listing-draft-new', 'Add a listing');
    await page.fill('#name', 'Draft kept sessions');
    await page.fill('#description', 'Weekly drama sessions after school, kept through an ended session.');
    await page.fill('#maxAge', '16');
    await page.locator('#categoryIds').check();
    await page.fill('#price', '30');
    await page.fill('#contactName', 'Sam Keeper');

    await expireSendAndSignIn(
      page,
      'provider@demo.test',
      () => page.getByRole('button', { name: 'Save as draft' }).click(),
      '/provider/listings/new',
    );
    await expect.poll(() => page.inputValue('#name')).toBe('Draft kept sessions');
    expect(await page.inputValue('#description')).toBe(
      'Weekly drama sessions after school, kept through an ended session.',
    );
    expect(await page.inputValue('#maxAge')).toBe('16');
    expect(await page.inputValue('#price')).toBe('30');
    expect(await page.inputValue('#contactName')).toBe('Sam Keeper');
    expect(await page.locator('#categoryIds').isChecked()).toBe(true);
    await visit(page, 'listing-draft-restored', 'Add a listing');

    // Saved: the draft goes, and the next new listing starts empty.
    await page.locator('#deliveryModes').check();
    await page.getByRole('button', { name: 'Save as draft' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Listing saved\./);
    await page.goto('/provider/listings/new');
    await visit(page, 'listing-draft-gone', 'Add a listing');
    expect(await page.inputValue('#name')).toBe('');

    // Editing it: the change typed before the session ended is there after signing in again.
    await page.goto('/provider/listings');
    const row = page.locator('tbody tr', { hasText: 'Draft kept sessions' });
    await row.getByRole('link', { name: /Edit/ }).click();
    await expect.poll(() => page.inputValue('#name')).toBe('Draft kept sessions');
    const editPath = new URL(page.url()).pathname;
    await page.fill('#description', 'Weekly drama sessions, now on Thursdays too.');
    await expireSendAndSignIn(
      page,
      'provider@demo.test',
      () => page.getByRole('button', { name: 'Save changes' }).click(),
      editPath,
    );
    await expect.poll(() => page.inputValue('#description')).toBe('Weekly drama sessions, now on Thursdays too.');
    expect(await page.inputValue('#name')).toBe('Draft kept sessions');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/Listing saved\.|waiting for approval/);
    await page.goto(editPath);
    await expect.poll(() => page.inputValue('#description')).toBe('Weekly drama sessions, now on Thursdays too.');
    // No draft left for either form: nothing in this tab's storage under a listing's key.
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('listing-draft:'))),
    ).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });

  it('the administrator’s invitation', async () => {
    const { page } = s;
    await adminOnUsers(page, 'invite-draft');
    await page.fill('#name', 'Dee Raft');
    await page.fill('#email', 'dee.raft@demo.test');
    await page.selectOption('#role', 'DISTRICT_LEAD');
    await page.selectOption('#districtId', { index: 1 });
    const district = await page.inputValue('#districtId');
    expect(district).not.toBe('');

    await expireSendAndSignIn(
      page,
      'admin@demo.test',
      () => page.getByRole('button', { name: 'Send invitation' }).click(),
      '/admin/users',
    );
    await expect.poll(() => page.inputValue('#name')).toBe('Dee Raft');
    expect(await page.inputValue('#email')).toBe('dee.raft@demo.test');
    expect(await page.inputValue('#role')).toBe('DISTRICT_LEAD');
    expect(await page.inputValue('#districtId')).toBe(district);
    await visit(page, 'invite-draft-restored', 'Users');

    // Sent: the draft goes, and the form is empty after a reload.
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/emailed dee.raft@demo.test\. Someone new gets a link/);
    await page.reload();
    await visit(page, 'invite-draft-gone', 'Users');
    expect(await page.inputValue('#name')).toBe('');
    expect(await page.inputValue('#email')).toBe('');
    expect(await page.evaluate(() => sessionStorage.getItem('invite-draft:/admin/users'))).toBeNull();
    expect(s.consoleErrors).toEqual([]);
  });
});

// Audit 65: a draft restored when the form opens is said to be one, with a way back to the saved values.
describe('a restored draft is said, and can be discarded', () => {
  it('the listing’s edit form, left unsaved by its back link', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/listings');
    const edit = page.locator('tbody tr').getByRole('link', { name: /Edit/ }).first();
    await edit.click();
    await expect.poll(() => page.inputValue('#name')).not.toBe('');
    const saved = await page.inputValue('#price');
    expect(await page.getByTestId('draft-notice').count()).toBe(0);
    await page.fill('#price', '-1');
    await page.getByRole('link', { name: 'Back to listings' }).click();
    await page.waitForURL((url) => url.pathname === '/provider/listings');
    await edit.click();
    await expect.poll(() => page.getByTestId('draft-notice').textContent()).toMatch(/changes you have not saved yet/);
    expect(await page.inputValue('#price')).toBe('-1');
    await visit(page, 'listing-draft-notice', 'Edit listing');

    await page.getByRole('button', { name: 'Discard them' }).click();
    await expect.poll(() => page.inputValue('#price')).toBe(saved);
    expect(await page.getByTestId('draft-notice').textContent()).toMatch(/discarded: the form shows what is saved/);
    expect(await page.evaluate(() => document.activeElement?.textContent ?? '')).toMatch(/discarded/);
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('listing-draft:'))),
    ).toEqual([]);
    // Back again: the saved values, and nothing said.
    await page.getByRole('link', { name: 'Back to listings' }).click();
    await edit.click();
    await expect.poll(() => page.inputValue('#price')).toBe(saved);
    expect(await page.getByTestId('draft-notice').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });

  it('the administrator’s invitation', async () => {
    const { page } = s;
    await adminOnUsers(page, 'invite-draft-notice');
    await page.fill('#name', 'Half Typed');
    await page.selectOption('#role', 'ADMIN');
    await page.reload();
    await expect.poll(() => page.getByTestId('draft-notice').textContent()).toMatch(/changes you have not saved yet/);
    expect(await page.inputValue('#name')).toBe('Half Typed');
    await page.getByRole('button', { name: 'Discard them' }).click();
    await expect.poll(() => page.inputValue('#name')).toBe('');
    expect(await page.inputValue('#role')).toBe('LINK_WORKER');
    expect(await page.evaluate(() => sessionStorage.getItem('invite-draft:/admin/users'))).toBeNull();
    expect(s.consoleErrors).toEqual([]);
  });
});
