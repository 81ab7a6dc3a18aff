import { describe, expect, it } from 'vitest';
import { signIn, visit } from './browser';
import { commissionFormSession, openCommissionForm } from './commission-form';

// Audit F6 and F7: offline at "Send commission", the page stays on Check your answers with the
// error and the Send button, and Send once back online raises exactly one commission (the same
// idempotency key). The units box's errors use the service's own unit word, as its label does.
describe('sending a commission while offline', () => {
  const c = commissionFormSession();

  const rationale = 'Recommended at the review meeting, sent while the wifi dropped.';
  const raisedWithRationale = async () => {
    const token = await c.session.server.signIn('linkworker@demo.test');
    const res = await c.session.server.gql(
      'query($id: ID!) { commissions(first: 100, filter: { childId: $id }) { edges { node { rationale } } } }',
      { id: c.form.childId },
      token,
    );
    return res.data.commissions.edges.filter((e: { node: { rationale: string } }) => e.node.rationale === rationale)
      .length;
  };

  it('says how many in the service’s own word', async () => {
    const { page } = c.session;
    await signIn(page, 'linkworker@demo.test');
    await openCommissionForm(page, c.form);
    const word = (await page.locator('label[for=units]').textContent())!.trim().replace(/^How many /, '');
    expect(word).not.toBe('units');
    await page.fill('#units', '0');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#units-error').textContent()).toContain(`Enter how many ${word}, 1 or more`);
  });

  it('stays on Check your answers, and Send once back online raises it once', async () => {
    const { page } = c.session;
    await openCommissionForm(page, c.form);
    await page.fill('#units', '1');
    await page.fill('#rationale', rationale);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    await page.context().setOffline(true);
    await page.getByRole('button', { name: 'Send commission' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.textContent()).toMatch(/could not send this just now/);
    // Still the check, with its Send button; the form stays hidden.
    expect(await page.getByTestId('check-answers').isVisible()).toBe(true);
    expect(await page.locator('#units').isVisible()).toBe(false);
    await visit(page, 'commission-offline-send', /Commission/);
    await page.context().setOffline(false);
    await page.getByRole('button', { name: 'Send commission' }).click();
    await expect.poll(() => new URL(page.url()).pathname).toBe(`/children/${encodeURIComponent(c.form.childId)}`);
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission sent/);
    expect(await raisedWithRationale()).toBe(1);
    // The offline request's own console error; nothing else went wrong.
    expect(
      c.session.consoleErrors.filter((e) => !/ERR_INTERNET_DISCONNECTED|Failed to load resource|fetch/i.test(e)),
    ).toEqual([]);
  });
});
