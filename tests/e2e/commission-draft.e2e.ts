import { describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../setup/server';
import { signIn, visit } from './browser';
import { commissionFormSession, openCommissionForm } from './commission-form';

// A session that ends while a link worker fills in a new commission: pressing Send takes them to
// sign in, and back to the form as they left it (kept in this tab's sessionStorage).
describe('a new commission’s draft survives an ended session', () => {
  const c = commissionFormSession();

  it('sign in again and the form is as it was', async () => {
    const { page } = c.session;
    await signIn(page, 'linkworker@demo.test');
    await openCommissionForm(page, c.form);
    await page.fill('#units', '1');
    await page.fill('#rationale', 'Recommended by the school after the review meeting.');
    await page.fill('#requestToProvider', 'Sessions after school on Tuesdays, please.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    // The session ends (expired, or signed out elsewhere) before Send.
    await page.context().clearCookies();
    await page.getByRole('button', { name: 'Send commission' }).click();
    await page.waitForURL((url) => url.pathname === '/sign-in' && !!url.searchParams.get('next'));
    await page.fill('#email', 'linkworker@demo.test');
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname.endsWith('/commission'));
    await expect.poll(() => page.inputValue('#rationale')).toBe('Recommended by the school after the review meeting.');
    expect(await page.inputValue('#requestToProvider')).toBe('Sessions after school on Tuesdays, please.');
    expect(await page.inputValue('#units')).toBe('1');
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
    await visit(page, 'commission-draft-restored', /Commission/);
  });

  it('a draft left by going elsewhere is said when the form opens again, and can be discarded', async () => {
    const { page } = c.session;
    // The earlier test's draft is still in this tab (it was restored, never sent): a fresh start.
    await page.evaluate(() => {
      for (const k of Object.keys(sessionStorage)) if (k.startsWith('commission-draft:')) sessionStorage.removeItem(k);
    });
    await openCommissionForm(page, c.form);
    expect(await page.getByTestId('draft-notice').count()).toBe(0);
    await page.fill('#units', '2');
    await page.fill('#rationale', 'Half written, then the phone rang.');
    await page.waitForTimeout(600);
    await page.goto('/');
    await openCommissionForm(page, c.form);
    await expect.poll(() => page.getByTestId('draft-notice').textContent()).toMatch(/changes you have not saved yet/);
    expect(await page.inputValue('#rationale')).toBe('Half written, then the phone rang.');
    await visit(page, 'commission-draft-notice', /Commission/);
    await page.getByRole('button', { name: 'Discard them' }).click();
    await expect.poll(() => page.inputValue('#rationale')).toBe('');
    expect(await page.inputValue('#units')).toBe('1');
    // The child it was opened for stays chosen; no draft is left in this tab.
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
    expect(
      await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('commission-draft:'))),
    ).toEqual([]);
  });
});
