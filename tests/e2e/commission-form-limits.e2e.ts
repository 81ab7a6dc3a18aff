import { describe, expect, it } from 'vitest';
import { signIn } from './browser';
import { commissionFormSession, openCommissionForm } from './commission-form';

// Audit 65: the new-commission form says the server's limits up front and checks them before
// "Check your answers", in the server's words; a part or huge number of units is "not a whole number".
describe('the new-commission form’s limits', () => {
  const c = commissionFormSession();

  const continueTo = async (fields: Record<string, string>) => {
    const { page } = c.session;
    await openCommissionForm(page, c.form);
    for (const [id, value] of Object.entries(fields)) await page.fill(`#${id}`, value);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    // Still the form: nothing is checked or sent with a problem in it.
    expect(await page.getByTestId('check-answers').count()).toBe(0);
  };

  it('says a part or huge number of units is not a whole number, and none is none', async () => {
    const { page } = c.session;
    await signIn(page, 'linkworker@demo.test');
    await openCommissionForm(page, c.form);
    const word = (await page.locator('label[for=units]').textContent())!.trim().replace(/^How many /, '');
    for (const units of ['45.555', '1e9']) {
      await continueTo({ units, rationale: 'Recommended at the review meeting last week.' });
      await expect
        .poll(() => page.locator('#units-error').textContent())
        .toContain(`Enter a whole number of ${word}, like 8`);
    }
    for (const units of ['0', '', '-3']) {
      await continueTo({ units, rationale: 'Recommended at the review meeting last week.' });
      await expect
        .poll(() => page.locator('#units-error').textContent())
        .toContain(`Enter how many ${word}, 1 or more`);
    }
  });

  it('says the 2,000-character limits up front and holds to them before Check your answers', async () => {
    const { page } = c.session;
    await openCommissionForm(page, c.form);
    expect(await page.locator('#rationale-hint').textContent()).toContain('At most 2,000 characters.');
    expect(await page.locator('#requestToProvider-hint').textContent()).toContain('At most 2,000 characters.');

    await continueTo({ units: '1', rationale: 'x'.repeat(2001), requestToProvider: 'y'.repeat(2001) });
    await expect
      .poll(() => page.locator('#rationale-error').textContent())
      .toContain('Keep the rationale to 2000 characters');
    expect(await page.locator('#requestToProvider-error').textContent()).toContain(
      'Keep the request to the provider to 2000 characters',
    );

    // At the limit, it goes on to the check.
    await page.fill('#rationale', 'x'.repeat(2000));
    await page.fill('#requestToProvider', 'y'.repeat(2000));
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    expect(c.session.consoleErrors).toEqual([]);
  });

  it('refuses the child’s surname in what commissioners or the provider read, at that box, and sends nothing (audit 66)', async () => {
    const { page } = c.session;
    const token = await c.session.server.signIn('linkworker@demo.test');
    const child = await c.session.server.gql(
      'query($id: ID!) { node(id: $id) { ... on Child { lastName } } }',
      { id: c.form.childId },
      token,
    );
    const surname = child.data.node.lastName as string;
    const count = async () =>
      (await c.session.server.gql('{ commissions(first: 1) { totalCount } }', {}, token)).data.commissions.totalCount;
    const before = await count();
    await openCommissionForm(page, c.form);
    expect(await page.locator('#requestToProvider-hint').textContent()).toContain(
      'Do not include the child’s surname.',
    );
    await page.fill('#units', '1');
    await page.fill('#rationale', `Agreed with the ${surname} family at the review.`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').count()).toBe(1);
    await page.getByRole('button', { name: /Send/ }).click();
    await expect
      .poll(() => page.locator('#rationale-error').textContent())
      .toContain('Leave out the child’s surname (even where it is also an ordinary word)');
    expect(await count()).toBe(before);
    expect(c.session.consoleErrors).toEqual([]);
  });
});
