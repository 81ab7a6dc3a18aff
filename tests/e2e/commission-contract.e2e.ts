import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// Audit 58: places under a block contract on the new-commission form. "Before you send it" said
// "0 × £45.00 = £0.00" for them; it now says what Check your answers says, and warns when more
// places are asked for than the contract has left. The server's refusal then stands at the units box.
describe('commissioning places under a contract', () => {
  let s: Session;
  let formPath = '';
  beforeAll(async () => {
    s = await open();
    const ids = await s.server.gql(
      `{ viewer { caseload(first: 1) { edges { node { id } } } }
         services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id } } } }`,
      {},
      await s.server.signIn('linkworker@demo.test'),
    );
    const childId = ids.data.viewer.caseload.edges[0].node.id;
    formPath = `/services/${ids.data.services.edges[0].node.id}/commission?child=${encodeURIComponent(childId)}`;
  });
  afterAll(() => s.close());

  it('previews the places as the contract’s, warns when too many, and puts the refusal at the units box', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(formPath);
    await expect.poll(() => page.locator('[data-testid=child-picker] input:checked').count()).toBe(1);
    const option = page.locator('label', { hasText: 'Under contract BC-' });
    const [, reference, left] = /Under contract (BC-\w+) \((\d+) places left/.exec((await option.textContent())!)!;
    const tooMany = Number(left) + 1;
    await page.fill('#units', String(tooMany));
    await option.click();

    const preview = page.getByTestId('budget-preview');
    await expect
      .poll(() => preview.textContent())
      .toContain(`${tooMany} places under contract ${reference}, nothing from the child’s budget`);
    expect(await preview.textContent()).not.toMatch(/× £/);
    expect(await preview.locator('.govuk-warning-text').textContent()).toContain(
      `Contract ${reference} has only ${left} places left: ask for ${left} or fewer`,
    );
    await visit(page, 'commission-contract-too-many', /Commission/);

    await page.fill('#rationale', 'Family work at home, as agreed at the review.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send commission' }).click();
    // The server's words beside the units box, and the summary links to it.
    await expect
      .poll(() => page.locator('#units-error').textContent())
      .toContain(`This contract has only ${left} places left`);
    expect(await page.locator('.govuk-error-summary a[href="#units"]').textContent()).toContain(
      `This contract has only ${left} places left`,
    );
    await visit(page, 'commission-contract-full', /Commission/);

    // Within the places left, the warning goes.
    await page.fill('#units', left!);
    await expect.poll(() => preview.locator('.govuk-warning-text').count()).toBe(0);
    expect(await preview.textContent()).toContain(`${left} places under contract ${reference}`);
    expect(s.consoleErrors).toEqual([]);
  });
});
