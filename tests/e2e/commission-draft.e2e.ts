import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../setup/server';
import { open, type Session, signIn, visit } from './browser';

// A session that ends while a link worker fills in a new commission: pressing Send takes them to
// sign in, and back to the form as they left it (kept in this tab's sessionStorage).
describe('a new commission’s draft survives an ended session', () => {
  let s: Session;
  let childId = '';
  let serviceId = '';
  beforeAll(async () => {
    s = await open();
    const token = await s.server.signIn('linkworker@demo.test');
    const kids = await s.server.gql(
      '{ commissions(first: 1, filter: { status: [APPROVED] }) { edges { node { child { id } } } } }',
      {},
      token,
    );
    childId = kids.data.commissions.edges[0].node.child.id;
    const services = await s.server.gql(
      '{ services(first: 20, filter: { commissionableOnly: true }) { edges { node { id unitPricePence } } } }',
      {},
      token,
    );
    serviceId = services.data.services.edges.find(
      (e: { node: { unitPricePence: number | null } }) => (e.node.unitPricePence ?? 0) > 0,
    ).node.id;
  });
  afterAll(() => s.close());

  it('sign in again and the form is as it was', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(`/services/${encodeURIComponent(serviceId)}/commission?child=${encodeURIComponent(childId)}`);
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
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
});
