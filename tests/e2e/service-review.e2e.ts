import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serviceId } from '../setup/money';
import { globalId } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 12 point 6: a commissioner opens a review of a service, its provider responds, the commissioner
// decides to decommission it from a future date; the decision and its evidence snapshot stay listed,
// and the directory tags the service "Closing on" that date. Every page axe-checked, desktop and 390 px.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  let path: string;
  beforeAll(async () => {
    s = await open(screen);
    path = `/services/${encodeURIComponent(globalId('Service', await serviceId(s.server.db, 'Family therapy sessions')))}`;
  });
  afterAll(() => s.close());

  const as = async (email: string) => {
    await s.page.context().clearCookies();
    await signIn(s.page, email);
    await s.page.goto(path);
    await visit(s.page, `service-review-${email.split('@')[0]}-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => s.page.locator('#reviews-heading').count()).toBe(1);
  };

  it('review opened, answered by the provider, decided with its evidence; the service shows as closing', async () => {
    const { page } = s;
    await as('commissioner@demo.test');
    await expect.poll(() => page.getByTestId('review-history').count()).toBe(0);
    // Nothing chosen: the server's errors show beside the fields, nothing is opened.
    await page.getByRole('button', { name: 'Open review' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Choose at least one reason/);
    await page.check('#reasons');
    await page.check('#reasons-PRICE');
    await page.fill('#reasonText', 'Few commissions this year and the price rose by a fifth.');
    await page.getByRole('button', { name: 'Open review' }).click();
    await expect.poll(() => page.getByTestId('open-review').textContent()).toMatch(/Low uptake, Price/);
    await visit(page, `service-review-opened-${screen.name}`, 'Family therapy sessions');

    // The provider reads the reason and responds.
    await as('provider@demo.test');
    await expect.poll(() => page.getByTestId('open-review').textContent()).toMatch(/the price rose by a fifth/);
    await expect.poll(() => page.getByRole('button', { name: 'Record decision' }).count()).toBe(0);
    await page.fill('#response', 'Our therapists’ pay rose; we can hold the price for two years.');
    await page.getByRole('button', { name: 'Send response' }).click();
    await expect.poll(() => page.locator('[role=status]').first().textContent()).toMatch(/response has been sent/);

    // The commissioner reads the response and decides: decommission from 31 March 2027.
    await as('commissioner@demo.test');
    await expect.poll(() => page.getByTestId('open-review').textContent()).toMatch(/hold the price for two years/);
    await page.check('#decision-DECOMMISSION');
    await page.fill('#decommissionFrom', '31');
    await page.fill('#decommissionFrom-month', '3');
    await page.fill('#decommissionFrom-year', '2027');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Give the evidence/);
    await page.fill('#evidence', 'Uptake fell to three commissions; the price is above the zone median.');
    await page.getByRole('button', { name: 'Record decision' }).click();
    await expect
      .poll(() => page.getByTestId('review-history').textContent())
      .toMatch(/Decommission from a date from 31 March 2027.*Uptake fell.*Commissions.*in all/s);
    // The snapshot's measure is said by its short name, not its code.
    await expect
      .poll(() => page.getByTestId('review-history').textContent())
      .toMatch(/Outcomes \(SDQ total difficulties\)/);
    expect(await page.getByTestId('review-history').textContent()).not.toMatch(/SDQ_TOTAL/);
    await expect.poll(() => page.getByTestId('open-review').count()).toBe(0);
    await page.reload();
    await visit(page, `service-review-decided-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => page.getByTestId('closing-tag').textContent()).toBe('Closing on 31 March 2027');

    // The provider still sees the history; a link worker sees the tag in search results, not the review.
    await as('provider@demo.test');
    await expect.poll(() => page.getByTestId('review-history').textContent()).toMatch(/Uptake fell/);
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/?q=family%20therapy');
    await visit(page, `service-review-search-${screen.name}`, /Find services|services/);
    const result = page.locator('.app-result', { hasText: 'Family therapy sessions' });
    await expect.poll(() => result.getByTestId('closing-tag').textContent()).toBe('Closing on 31 March 2027');
    await page.goto(path);
    await visit(page, `service-review-linkworker-${screen.name}`, 'Family therapy sessions');
    await expect.poll(() => page.locator('#reviews-heading').count()).toBe(0);
    // Until the date it can still be commissioned; live commissions finish either way.
    await expect.poll(() => page.getByRole('button', { name: 'Commission for a child' }).count()).toBe(1);
  });
});
