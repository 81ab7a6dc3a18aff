import { randomUUID } from 'node:crypto';
import { and, desc, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, users } from '../../drizzle/schema';
import { open, SCREENS, type Session, signIn, visit } from './browser';

/** The success banner has taken focus. */
const bannerFocused = (page: Page) =>
  page.evaluate(() => !!document.activeElement?.closest('.govuk-notification-banner--success'));

// Point 4 of issue 15: what cannot be undone asks first, says what will happen, and then says it
// happened in a banner that takes focus and does not come back on refresh.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `${name}-${screen.name}`;
  const rationale = `Confirm test ${screen.name}: family conflict keeps him off school.`;
  beforeAll(async () => {
    s = await open(screen);
    // A link worker asks for 8 sessions at £45 (£360, over the £250 limit: it needs approval).
    const token = await s.server.signIn('linkworker@demo.test');
    const ids = await s.server.gql(
      `{ viewer { caseload(first: 1) { edges { node { id } } } }
         services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id name } } } }`,
      {},
      token,
    );
    const raised = await s.server.gql(
      `mutation($input: RaiseCommissionInput!) { raiseCommission(input: $input) { __typename ... on RaiseCommissionSuccess { commission { status } } } }`,
      {
        input: {
          childId: ids.data.viewer.caseload.edges[0].node.id,
          serviceId: ids.data.services.edges[0].node.id,
          units: 8,
          rationale,
          // What the provider reads (the rationale is for the link worker and commissioners only).
          requestToProvider: rationale,
          idempotencyKey: randomUUID(),
        },
      },
      token,
    );
    expect(raised.data.raiseCommission.commission.status).toBe('REQUESTED');
  });
  afterAll(() => s.close());

  it('a commissioner approves only after being told what approving does', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/approvals'); // everyone lands on their dashboard
    const card = page.locator('.govuk-summary-card', { hasText: rationale });
    // Each button names its commission (audit 65): a screen reader's list of buttons tells them apart.
    const reference = (await card.locator('.app-reference').textContent())!.trim();
    expect(await card.getByRole('button', { name: `Reject ${reference}`, exact: true }).count()).toBe(1);
    await card.getByRole('button', { name: `Approve ${reference}`, exact: true }).click();
    // Going ahead is the primary green button; red is for what destroys or takes away.
    expect(await card.getByRole('button', { name: 'Yes, approve it' }).getAttribute('class')).toBe('govuk-button');
    const question = card.getByTestId('confirm');
    await expect
      .poll(() => question.textContent())
      .toMatch(
        /Approving spends £360\.00 of the child’s budget on Family therapy sessions \(8 sessions\); the provider is then asked to accept it\./,
      );
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('confirm');
    await visit(page, shot('approve-confirm'), 'Waiting for approval');
    // Cancel changes nothing and gives focus back to the button.
    await card.getByRole('button', { name: 'Cancel' }).click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe(`Approve ${reference}`);
    await expect.poll(() => card.locator('.govuk-tag').first().textContent()).toBe('Requested');
    await card.getByRole('button', { name: 'Approve' }).click();
    await card.getByRole('button', { name: 'Yes, approve it' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/Approved: Family therapy sessions \(8 sessions\)\. The provider has been asked to accept it\./);
    await expect.poll(() => bannerFocused(page)).toBe(true);
    await visit(page, shot('approved-banner'), 'Waiting for approval');
    await page.reload();
    await visit(page, shot('approvals-after-refresh'), 'Waiting for approval');
    await expect.poll(() => page.locator('.govuk-notification-banner').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a provider accepts and completes at 2 of 8 only after seeing the money that moves', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/commissions'); // everyone lands on their dashboard
    const card = page.locator('.govuk-summary-card', { hasText: rationale });
    const reference = (await card.locator('.app-reference').textContent())!.trim();
    expect(await card.getByRole('button', { name: `Decline ${reference}`, exact: true }).count()).toBe(1);
    await card.getByRole('button', { name: `Accept ${reference}`, exact: true }).click();
    expect(await card.getByRole('button', { name: 'Yes, accept it' }).getAttribute('class')).toBe('govuk-button');
    await expect
      .poll(() => card.getByTestId('confirm').textContent())
      .toMatch(/Accepting commits Riverside Family Therapy to deliver 8 sessions for £360\.00/);
    await card.getByRole('button', { name: 'Yes, accept it' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission accepted/);
    await expect.poll(() => bannerFocused(page)).toBe(true);

    await card.getByRole('button', { name: `Record delivery ${reference}`, exact: true }).click();
    await card.locator('input[inputmode=numeric]').fill('2');
    await card.getByRole('button', { name: 'Save delivery' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/2 sessions recorded/);

    await card.getByRole('button', { name: `Complete ${reference}`, exact: true }).click();
    expect(await card.getByRole('button', { name: 'Yes, complete it' }).getAttribute('class')).toBe('govuk-button');
    await expect
      .poll(() => card.getByTestId('confirm').textContent())
      .toMatch(/2 of 8 sessions delivered: £90\.00 will be paid and £270\.00 released/);
    await visit(page, shot('complete-confirm'), 'Incoming commissions');
    await card.getByRole('button', { name: 'Yes, complete it' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/Commission completed: £90\.00 paid, £270\.00 released/);
    await expect.poll(() => bannerFocused(page)).toBe(true);
    await expect.poll(() => card.locator('.govuk-tag').first().textContent()).toBe('Completed');
    await page.reload();
    await visit(page, shot('provider-after-refresh'), 'Incoming commissions');
    await expect.poll(() => page.locator('.govuk-notification-banner').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a provider archives a listing only after confirming', async () => {
    const { page } = s;
    await page.goto('/provider/listings');
    await page.waitForSelector('tbody tr');
    const rows = page.locator('tbody tr');
    const index = await rows.evaluateAll((trs) => trs.findIndex((tr) => tr.textContent?.includes('Archive')));
    const row = rows.nth(index);
    const name = (await row.locator('th, td').first().textContent())?.trim() ?? '';
    await row.getByRole('button', { name: /^Archive/ }).click();
    // In a table the question opens in its own row, below this one.
    await expect.poll(() => page.getByTestId('confirm').textContent()).toMatch(/will leave the directory/);
    await visit(page, shot('archive-confirm'), 'Your listings');
    // Archiving takes the listing away: its "Yes" is the red warning button.
    expect(await page.getByRole('button', { name: 'Yes, archive it' }).getAttribute('class')).toContain(
      'govuk-button--warning',
    );
    await page.getByRole('button', { name: 'Yes, archive it' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/is archived/);
    await expect.poll(() => bannerFocused(page)).toBe(true);
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toContain(name.split('\n')[0]);
  });

  it('an administrator deactivates someone only after confirming', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users'); // everyone lands on their dashboard
    // Someone with no caseload: a link worker's children must move first (tests/e2e/children-join.e2e.ts).
    const row = page.locator('tbody tr', { hasText: 'provider2@demo.test' });
    await row.getByRole('button', { name: /Deactivate/ }).click();
    await expect.poll(() => page.getByTestId('confirm').textContent()).toMatch(/will be signed out/);
    await visit(page, shot('deactivate-confirm'), 'Users');
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/is deactivated/);
    await expect.poll(() => bannerFocused(page)).toBe(true);
    await expect.poll(() => row.textContent()).toMatch(/Deactivated/);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a link worker with children on their caseload is not deactivated: said at their row, with the way on', async () => {
    const { page } = s;
    const db = s.server.db;
    // A link worker with no children when the page is loaded: given one just after (by another
    // administrator, say), so the page's count is out of date and the server refuses.
    const email = `leaver-${screen.name}@demo.test`;
    const [leaver] = await db
      .insert(users)
      .values({ zoneId: 1, email, name: `Lee Ver ${screen.name}`, role: 'LINK_WORKER', passwordHash: 'x' })
      .returning();
    await page.context().clearCookies();
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await visit(page, shot('users-before-refusal'), 'Users');
    // An invitation with an error in it, to show the refusals below do not join it.
    await page.fill('#name', 'Jo Bloggs');
    await page.fill('#email', 'jo@demo');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('#email-error').textContent()).toMatch(/like name@example.org/);
    const inviteErrors = await page.locator('.govuk-error-summary').textContent();

    // The page knows this link worker's caseload: no question promising a sign-out, the way on instead.
    const worker = page.locator('tbody tr', { hasText: 'linkworker@demo.test' });
    await worker.getByRole('button', { name: /Deactivate/ }).click();
    const workerNote = worker.locator('xpath=following-sibling::tr[1]').getByTestId('row-refusal');
    await expect
      .poll(() => workerNote.textContent())
      .toMatch(/cannot be deactivated yet: they have \d+ children on their caseload/);
    expect(await page.getByTestId('confirm').count()).toBe(0);
    expect(await workerNote.getByRole('link', { name: 'Caseloads page' }).getAttribute('href')).toBe(
      '/admin/caseloads',
    );
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('row-refusal');

    const [child] = await db
      .select({ id: children.id })
      .from(children)
      .innerJoin(users, eq(users.id, children.linkWorkerId))
      .where(and(eq(users.email, 'linkworker2@demo.test'), eq(children.status, 'ACTIVE')))
      .orderBy(desc(children.id))
      .limit(1);
    await db.update(children).set({ linkWorkerId: leaver!.id }).where(eq(children.id, child!.id));
    const row = page.locator('tbody tr', { hasText: email });
    await row.getByRole('button', { name: /Deactivate/ }).click();
    await page.getByRole('button', { name: 'Yes, deactivate' }).click();
    const note = row.locator('xpath=following-sibling::tr[1]').getByTestId('row-refusal');
    await expect.poll(() => note.textContent()).toMatch(/Lee Ver .* is not deactivated\. .*1 child on their caseload/);
    await expect
      .poll(() => note.textContent())
      .toMatch(/Move their caseload to another link worker on the Caseloads page, then deactivate them\./);
    await expect.poll(() => row.textContent()).toMatch(/Active/);
    // The invitation's errors are as they were: the refusal is not one of them.
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    expect(await page.locator('.govuk-error-summary').textContent()).toBe(inviteErrors);
    expect(inviteErrors).not.toMatch(/caseload/);
    await visit(page, shot('deactivate-refused'), 'Users');
    await note.getByRole('link', { name: 'Caseloads page' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/caseloads');
    await visit(page, shot('caseloads-from-refusal'), 'Caseloads');
    expect(s.consoleErrors).toEqual([]);
  });
});
