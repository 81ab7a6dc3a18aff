import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_NOW } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 5: a link worker withdraws the family's consent (commissions pause, the provider
// sees only the reference), the commission form explains why it cannot go ahead, offers to record
// consent, and comes back once it is recorded.
const [year, month, day] = TEST_NOW.toISOString().slice(0, 10).split('-') as [string, string, string];

describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `consent-${name}-${screen.name}`;
  let child = { id: '', reference: '', firstName: '' };
  let service = '';
  let reference = '';
  beforeAll(async () => {
    s = await open(screen);
    const token = await s.server.signIn('linkworker@demo.test');
    const ids = await s.server.gql(
      `{ viewer { caseload(first: 3) { edges { node { id reference firstName } } } }
         services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id } } } }`,
      {},
      token,
    );
    child = ids.data.viewer.caseload.edges[2].node;
    service = ids.data.services.edges[0].node.id;
    const raised = await s.server.gql(
      `mutation($input: RaiseCommissionInput!) { raiseCommission(input: $input) { __typename ... on RaiseCommissionSuccess { commission { reference } } } }`,
      {
        input: {
          childId: child.id,
          serviceId: service,
          units: 2,
          rationale: 'Agreed at the review.',
          idempotencyKey: randomUUID(),
        },
      },
      token,
    );
    reference = raised.data.raiseCommission.commission.reference;
  });
  afterAll(async () => {
    expect(s.consoleErrors).toEqual([]);
    await s.close();
  });

  it('the link worker withdraws consent: the form reports a missing reason, then the commission pauses', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(`/children/${encodeURIComponent(child.id)}`);
    await visit(page, shot('child'), new RegExp(child.firstName));
    await page.getByRole('link', { name: 'See consent history or withdraw consent' }).click();
    await visit(page, shot('page'), `Consent to share ${child.firstName}’s details`);
    await page.fill('#on', day);
    await page.fill('#on-month', month);
    await page.fill('#on-year', year);
    await page.getByRole('button', { name: 'Withdraw consent and pause commissions' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Give a reason/);
    await visit(page, shot('withdraw-error'), `Consent to share ${child.firstName}’s details`);
    await page.fill('#reason', 'The family want to think again');
    await page.getByRole('button', { name: 'Withdraw consent and pause commissions' }).click();
    await page.waitForURL(/\/children\/[^/]+$/);
    const card = page.locator('.govuk-summary-card', { hasText: reference });
    await expect.poll(() => card.textContent()).toMatch(/Paused: consent withdrawn/);
    await visit(page, shot('child-paused'), new RegExp(child.firstName));
  });

  it('the provider sees only the reference of the paused commission', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/commissions');
    await visit(page, shot('provider'), 'Incoming commissions');
    await expect.poll(() => page.locator('.govuk-inset-text').textContent()).toContain(reference);
    await expect.poll(() => page.locator('.govuk-summary-card', { hasText: reference }).count()).toBe(0);
  });

  it('the commission form explains, offers to record consent, and comes back', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto(`/services/${encodeURIComponent(service)}/commission?child=${encodeURIComponent(child.id)}`);
    await visit(page, shot('form-warning'), /^Commission /);
    await expect.poll(() => page.locator('.govuk-warning-text').textContent()).toMatch(/consent .* is not in force/);
    await page.locator('.govuk-warning-text').getByRole('link', { name: 'Record consent' }).click();
    await visit(page, shot('record'), `Consent to share ${child.firstName}’s details`);
    await page.getByRole('button', { name: 'Record consent' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary li').count()).toBe(3);
    await visit(page, shot('record-errors'), `Consent to share ${child.firstName}’s details`);
    await page.getByLabel('The young person').check();
    await page.getByLabel('In person').check();
    await page.fill('#on', day);
    await page.fill('#on-month', month);
    await page.fill('#on-year', year);
    await page.getByRole('button', { name: 'Record consent' }).click();
    await page.waitForURL(/\/commission\?child=/);
    await visit(page, shot('form-back'), /^Commission /);
    await expect.poll(() => page.locator('.govuk-warning-text').count()).toBe(0);
  });
});
