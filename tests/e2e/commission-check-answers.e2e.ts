import { describe, expect, it } from 'vitest';
import { signIn, visit } from './browser';
import { commissionFormSession, openCommissionForm } from './commission-form';

// "Check your answers" for a new commission: a commission over the child's budget is stopped at the
// units box (in the server's words) before it gets there; the request to the provider is shown with
// its own Change link; each Change link focuses its own field, and the service (this page's own)
// has none.
describe('checking a new commission’s answers', () => {
  const c = commissionFormSession();

  it('stops an over-budget commission at the units box, before Check your answers', async () => {
    const { page } = c.session;
    await signIn(page, 'linkworker@demo.test');
    await openCommissionForm(page, c.form);
    await visit(page, 'check-answers-form', /Commission/);
    const tooMany = Math.floor(c.form.availablePence / c.form.unitPricePence) + 1;
    await page.fill('#units', String(tooMany));
    await page.fill('#rationale', 'Recommended by the school after the review meeting.');
    await page.fill('#requestToProvider', 'Sessions after school on Tuesdays, please.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => page.locator('#units-error').textContent())
      .toMatch(/Not enough budget: £[\d,.]+ available/);
    // In the service's own word, as the box's label says it ("How many sessions").
    const word = (await page.locator('label[for=units]').textContent())!.trim().replace(/^How many /, '');
    expect(await page.locator('#units-error').textContent()).toContain(`Reduce the ${word} or choose another child`);
    expect(await page.getByTestId('check-answers').count()).toBe(0);
    await visit(page, 'check-answers-over-budget', /Commission/);
  });

  it('shows the request to the provider, and each Change link focuses its own field', async () => {
    const { page } = c.session;
    await openCommissionForm(page, c.form);
    await page.fill('#units', '1');
    await page.fill('#rationale', 'Recommended by the school after the review meeting.');
    await page.fill('#requestToProvider', 'Sessions after school on Tuesdays, please.');
    await page.getByRole('button', { name: 'Continue' }).click();
    const answers = page.getByTestId('check-answers');
    await expect.poll(() => answers.count()).toBe(1);
    const request = answers.locator('.govuk-summary-list__row', { hasText: 'What you are asking the provider' });
    await expect.poll(() => request.textContent()).toContain('Sessions after school on Tuesdays, please.');
    await visit(page, 'check-answers-request', /Commission/);
    expect(await answers.getByRole('button', { name: 'Change service' }).count()).toBe(0);
    for (const [name, field] of [
      ['Change what you are asking the provider', 'requestToProvider'],
      ['Change amount', 'units'],
      ['Change why this helps', 'rationale'],
      ['Change child', 'childId'],
    ] as const) {
      await page.getByRole('button', { name }).click();
      await expect.poll(() => page.evaluate(() => document.activeElement?.id), { message: name }).toBe(field);
      await page.getByRole('button', { name: 'Continue' }).click();
      await expect.poll(() => answers.count()).toBe(1);
    }
    expect(c.session.consoleErrors).toEqual([]);
  });

  // Check your answers has its own history entry: the browser's Back returns to the form, with what
  // was typed, as from a page of its own (it left the form for the service's page).
  it('Back from Check your answers returns to the form, as typed; a reload starts at the form', async () => {
    const { page } = c.session;
    await openCommissionForm(page, c.form);
    const formUrl = page.url();
    await page.fill('#units', '2');
    await page.fill('#rationale', 'Recommended by the school after the review meeting.');
    await page.getByRole('button', { name: 'Continue' }).click();
    const answers = page.getByTestId('check-answers');
    await expect.poll(() => answers.count()).toBe(1);
    expect(new URL(page.url()).searchParams.get('check')).toBe('1');

    await page.goBack();
    await expect.poll(() => page.locator('#units').isVisible()).toBe(true);
    expect(page.url()).toBe(formUrl);
    expect(await answers.count()).toBe(0);
    expect(await page.inputValue('#units')).toBe('2');
    expect(await page.inputValue('#rationale')).toBe('Recommended by the school after the review meeting.');

    // Change goes back the same way: a later Back leaves the form, not to the check.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => answers.count()).toBe(1);
    await page.getByRole('button', { name: 'Change amount' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('units');
    expect(page.url()).toBe(formUrl);

    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => answers.count()).toBe(1);
    await page.reload();
    await expect.poll(() => page.locator('#units').isVisible()).toBe(true);
    expect(page.url()).toBe(formUrl);
    expect(await answers.count()).toBe(0);
    expect(c.session.consoleErrors).toEqual([]);
  });
});
