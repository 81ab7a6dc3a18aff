import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Point 7 of issue 15: notifications and cards name their commission and link to its own page,
// which shows the reason it ended and the full timeline; approval cards say who raised it and when.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `${name}-${screen.name}`;
  const rationale = `Timeline test ${screen.name}: needs support at home.`;
  let childRef = '';
  let reference = '';
  beforeAll(async () => {
    s = await open(screen);
    const token = await s.server.signIn('linkworker@demo.test');
    const ids = await s.server.gql(
      `{ viewer { caseload(first: 1) { edges { node { id reference } } } }
         services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id } } } }`,
      {},
      token,
    );
    childRef = ids.data.viewer.caseload.edges[0].node.reference;
    const raised = await s.server.gql(
      `mutation($input: RaiseCommissionInput!) { raiseCommission(input: $input) { __typename ... on RaiseCommissionSuccess { commission { reference } } } }`,
      {
        input: {
          childId: ids.data.viewer.caseload.edges[0].node.id,
          serviceId: ids.data.services.edges[0].node.id,
          units: 7,
          rationale,
          idempotencyKey: randomUUID(),
        },
      },
      token,
    );
    expect(raised.data.raiseCommission.__typename).toBe('RaiseCommissionSuccess');
    reference = raised.data.raiseCommission.commission.reference;
  });
  afterAll(() => s.close());

  it('a commissioner sees who raised it and when, and an empty reason is reported once', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    const card = page.locator('.govuk-summary-card', { hasText: rationale });
    await expect.poll(() => card.textContent()).toMatch(/Raisedby Priya Sharma, \d+ \w+ \d{4}/);
    await card.getByRole('button', { name: 'Reject' }).click();
    // The button is replaced by the form: focus goes to the reason, and Back returns it to the button.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await card.getByRole('button', { name: 'Back' }).click();
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.textContent?.trim()))
      .toBe(`Reject ${reference}`);
    await card.getByRole('button', { name: 'Reject' }).click();
    await card.getByRole('button', { name: 'Reject commission' }).click();
    await expect.poll(() => card.getByText('Give a reason for rejecting').count()).toBe(1);
    // Focus lands on the field in error, so its error is read out (not left on the button).
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('TEXTAREA');
    await expect.poll(() => page.title()).toMatch(/^Error: /);
    await visit(page, shot('reject-error-once'), 'Waiting for approval');
    await card.locator('textarea').fill('Please try the school counsellor first.');
    await card.getByRole('button', { name: 'Reject commission' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Rejected/);
    await expect.poll(() => page.title()).not.toMatch(/^Error: /);
  });

  it('a link worker follows a notification to the commission page with the reason and full timeline', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/notifications');
    await visit(page, shot('notifications-linked'), 'Notifications');
    const link = page.getByRole('link', { name: `Family therapy sessions for ${childRef}` }).first();
    await link.click();
    await page.waitForURL(/\/commissions\/.+/);
    await visit(page, shot('commission-page'), `${reference}: Family therapy sessions for ${childRef}`);
    // Audit 38a F5: the link worker's reason, as on the approval card and the child's page.
    await expect
      .poll(() => page.locator('.govuk-summary-list').first().textContent())
      .toContain(`Why (not shown to the provider)${rationale}`);
    await expect
      .poll(() => page.locator('.govuk-inset-text').textContent())
      .toMatch(/Reason given: Please try the school counsellor first\./);
    const timeline = await page.locator('.app-timeline li').allTextContents();
    expect(timeline[0]).toMatch(/^Raised by Priya Sharma/);
    expect(timeline.at(-1)).toMatch(/^Rejected by .*Please try the school counsellor first\./);
    // Focus moved to the new page's heading.
    await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    // Rows of the commissions list (issue 14 point 9: a table) link to the same page by reference.
    await page.goto('/commissions');
    const row = page.locator('#commission-list tbody tr', { hasText: reference });
    await expect.poll(() => row.textContent()).toMatch(/Rejected/);
    await row.getByRole('link', { name: reference }).click();
    await visit(page, shot('commission-page-from-card'), `${reference}: Family therapy sessions for ${childRef}`);
    // Found by its reference, typed loosely; a reference that cannot exist is explained.
    await page.goto('/commissions');
    await page.getByLabel('Find by reference').fill('CR-0O1');
    await page.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/like CR-7KQ2M/);
    await page.getByLabel('Find by reference').fill(reference.toLowerCase().replace('-', ' '));
    await page.getByRole('button', { name: 'Find' }).click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBe('1 commission matches');
    await expect.poll(() => page.locator('#commission-list tbody').textContent()).toContain(reference);
    await visit(page, shot('commissions-by-reference'), 'Commissions');
    expect(s.consoleErrors).toEqual([]);
  });
});
