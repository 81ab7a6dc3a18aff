import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// Audit 58: places under a block contract on the new-commission form. "Before you send it" said
// "0 × £45.00 = £0.00" for them; it now says what Check your answers says, and warns when more
// places are asked for than the contract has left, and stops at Continue (stop 59). A refusal from the
// server (places taken meanwhile) stands at the units box.
describe('commissioning places under a contract', () => {
  let s: Session;
  let formPath = '';
  let serviceId = '';
  let otherChildId = '';
  let lw = '';
  beforeAll(async () => {
    s = await open();
    lw = await s.server.signIn('linkworker@demo.test');
    const ids = await s.server.gql(
      `{ viewer { caseload(first: 2) { edges { node { id } } } }
         services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id } } } }`,
      {},
      lw,
    );
    const [child, other] = ids.data.viewer.caseload.edges.map((e: { node: { id: string } }) => e.node.id);
    otherChildId = other;
    serviceId = ids.data.services.edges[0].node.id;
    formPath = `/services/${serviceId}/commission?child=${encodeURIComponent(child)}`;
  });
  afterAll(() => s.close());

  it('previews the places as the contract’s, stops at Continue when too many, and puts a later refusal at the units box', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(formPath);
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
    const option = page.locator('label', { hasText: 'Under contract BC-' });
    const [, reference, left] = /Under contract (BC-\w+) \((\d+) places left/.exec((await option.textContent())!)!;
    const contractId = await page.locator(`[id="${await option.getAttribute('for')}"]`).getAttribute('value');
    const tooMany = Number(left) + 1;
    await page.fill('#units', String(tooMany));
    await option.click();

    const preview = page.getByTestId('budget-preview');
    await expect
      .poll(() => preview.textContent())
      .toContain(`${tooMany} places under contract ${reference}, nothing from the child’s budget`);
    expect(await preview.textContent()).not.toMatch(/× £/);
    const tooFew = `Contract ${reference} has only ${left} places left: ask for ${left} or fewer`;
    expect(await preview.locator('.govuk-warning-text').textContent()).toContain(tooFew);
    await visit(page, 'commission-contract-too-many', /Commission/);

    // Too many places never reach Check your answers: said at the units box, as a budget shortfall is.
    await page.fill('#rationale', 'Family work at home, as agreed at the review.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#units-error').textContent()).toContain(tooFew);
    expect(await page.locator('.govuk-error-summary a[href="#units"]').textContent()).toContain(tooFew);
    expect(await page.getByRole('button', { name: 'Send commission' }).count()).toBe(0);

    // Within the places left, the warning goes and the form goes on to Check your answers.
    await page.fill('#units', left!);
    await expect.poll(() => preview.locator('.govuk-warning-text').count()).toBe(0);
    expect(await preview.textContent()).toContain(`${left} places under contract ${reference}`);
    await page.getByRole('button', { name: 'Continue' }).click();
    const send = page.getByRole('button', { name: 'Send commission' });
    await expect.poll(() => send.count()).toBe(1);

    // Meanwhile a place goes to another child: the server's refusal stands at the units box.
    const taken = await s.server.gql(
      `mutation($input: RaiseCommissionInput!) { raiseCommission(input: $input) { __typename } }`,
      {
        input: {
          childId: otherChildId,
          serviceId,
          units: 1,
          rationale: 'Agreed at the family review.',
          contractId,
          idempotencyKey: 'contract-e2e-meanwhile',
        },
      },
      lw,
    );
    expect(taken.data.raiseCommission.__typename).toBe('RaiseCommissionSuccess');
    await send.click();
    await expect
      .poll(() => page.locator('#units-error').textContent())
      .toContain(`This contract has only ${Number(left) - 1} place`);
    expect(await page.locator('.govuk-error-summary a[href="#units"]').textContent()).toContain(
      'This contract has only',
    );
    await visit(page, 'commission-contract-full', /Commission/);
    expect(s.consoleErrors).toEqual([]);
  });
});
