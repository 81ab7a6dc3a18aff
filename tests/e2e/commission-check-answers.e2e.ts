import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// "Check your answers" for a new commission: a commission over the child's budget is stopped at the
// units box (in the server's words) before it gets there; the request to the provider is shown with
// its own Change link; each Change link focuses its own field, and the service (this page's own)
// has none.
describe('checking a new commission’s answers', () => {
  let s: Session;
  let childId = '';
  let availablePence = 0;
  let serviceId = '';
  let unitPricePence = 0;
  beforeAll(async () => {
    s = await open();
    const token = await s.server.signIn('linkworker@demo.test');
    const kids = await s.server.gql(
      '{ commissions(first: 1, filter: { status: [APPROVED] }) { edges { node { child { id budget { availablePence } } } } } }',
      {},
      token,
    );
    const child = kids.data.commissions.edges[0].node.child;
    childId = child.id;
    availablePence = child.budget.availablePence;
    const services = await s.server.gql(
      '{ services(first: 20, filter: { commissionableOnly: true }) { edges { node { id unitPricePence } } } }',
      {},
      token,
    );
    const priced = services.data.services.edges.map(
      (e: { node: { id: string; unitPricePence: number | null } }) => e.node,
    );
    const service = priced.find((n: { unitPricePence: number | null }) => (n.unitPricePence ?? 0) > 0);
    serviceId = service.id;
    unitPricePence = service.unitPricePence;
  });
  afterAll(() => s.close());

  it('stops an over-budget commission at the units box, before Check your answers', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(`/services/${encodeURIComponent(serviceId)}/commission?child=${encodeURIComponent(childId)}`);
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
    await visit(page, 'check-answers-form', /Commission/);
    const tooMany = Math.floor(availablePence / unitPricePence) + 1;
    await page.fill('#units', String(tooMany));
    await page.fill('#rationale', 'Recommended by the school after the review meeting.');
    await page.fill('#requestToProvider', 'Sessions after school on Tuesdays, please.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => page.locator('#units-error').textContent())
      .toMatch(/Not enough budget: £[\d,.]+ available/);
    expect(await page.getByTestId('check-answers').count()).toBe(0);
    await visit(page, 'check-answers-over-budget', /Commission/);
  });

  it('shows the request to the provider, and each Change link focuses its own field', async () => {
    const { page } = s;
    await page.goto(`/services/${encodeURIComponent(serviceId)}/commission?child=${encodeURIComponent(childId)}`);
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
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
    expect(s.consoleErrors).toEqual([]);
  });
});
