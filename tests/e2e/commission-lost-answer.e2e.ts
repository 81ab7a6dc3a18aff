import { describe, expect, it } from 'vitest';
import { loseAnswerTo, signIn, visit } from './browser';
import { commissionFormSession, openCommissionForm } from './commission-form';

// A raise whose answer was lost may have gone through. Sent again unchanged, the kept key makes
// it count once; sent again changed, the server refuses the reused key, and the form says in
// words that the first may have been raised, links to the child, and tries a fresh key next time.
describe('raising a commission after a lost answer', () => {
  const c = commissionFormSession();

  const send = async (rationale: string) => {
    const { page } = c.session;
    await page.fill('#units', '1');
    await page.fill('#rationale', rationale);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    await page.getByRole('button', { name: 'Send commission' }).click();
  };

  it('says the first attempt may have been raised, links to the child, and the next attempt is new', async () => {
    const { page } = c.session;
    await signIn(page, 'linkworker@demo.test');
    await openCommissionForm(page, c.form);
    const answer = await loseAnswerTo(page, 'raiseCommission');
    await send('Recommended by the school after the review meeting.');
    await expect.poll(answer.lost).toBe(true);
    await answer.restore();
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.textContent()).toMatch(/could not send this just now/);
    // Still on the check, so Send can be pressed again; here it is changed first, under the same key.
    expect(await page.getByTestId('check-answers').isVisible()).toBe(true);
    await page.getByRole('button', { name: 'Change why this helps' }).click();
    await send('Recommended by the school after the second review meeting.');
    await expect
      .poll(() => summary.textContent())
      .toContain(
        'Your earlier attempt may have raised this commission. Check the child’s commissions before raising it again.',
      );
    expect(await summary.textContent()).not.toMatch(/idempotency/i);
    const link = page.getByTestId('maybe-raised').getByRole('link');
    expect(await link.getAttribute('href')).toBe(`/children/${encodeURIComponent(c.form.childId)}`);
    await visit(page, 'commission-maybe-raised', /Commission/);
    // The next attempt has a key of its own: it is no longer refused as a reused one.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    await page.getByRole('button', { name: 'Send commission' }).click();
    // Raised: the child's page (which drops ?raised= from the address once its banner shows).
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/children/${encodeURIComponent(c.form.childId)}`);
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission sent/);
    // The failed request's own console error is the blip's; nothing else went wrong.
    expect(
      c.session.consoleErrors.filter((e) => !/ERR_CONNECTION_RESET|Failed to load resource|fetch/i.test(e)),
    ).toEqual([]);
  });
});
