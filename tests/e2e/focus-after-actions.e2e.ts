import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// When a button goes away (it opened a question, or the question was put away), focus goes somewhere
// sensible, never to <body>: the question's field, the button that opened it, or the success banner.
const focused = (page: Page) =>
  page.evaluate(() => {
    const e = document.activeElement;
    return e
      ? `${e.tagName.toLowerCase()}#${e.id}${e.classList.contains('govuk-notification-banner') ? '.banner' : ''}`
      : '';
  });

describe('focus after cancelling, keeping and declining', () => {
  let s: Session;
  let childId = '';
  beforeAll(async () => {
    s = await open();
    const token = await s.server.signIn('linkworker@demo.test');
    const res = await s.server.gql(
      '{ commissions(first: 1, filter: { status: [REQUESTED, APPROVED] }) { edges { node { child { id } } } } }',
      {},
      token,
    );
    childId = res.data.commissions.edges[0].node.child.id;
  });
  afterAll(() => s.close());

  it('a link worker’s Cancel commission focuses the reason; Keep it, the button again; a cancellation, the banner', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto(`/children/${encodeURIComponent(childId)}`);
    await expect.poll(() => page.getByRole('button', { name: 'Cancel commission' }).count()).toBeGreaterThan(0);
    await visit(page, 'focus-child', /./);
    const opener = page.getByRole('button', { name: 'Cancel commission' }).first();
    const openerId = await opener.getAttribute('id');
    await opener.click();
    expect(await focused(page)).toBe('textarea#reason');
    await page.getByRole('button', { name: 'Keep it' }).click();
    expect(await focused(page)).toBe(`button#${openerId}`);
    await page.getByRole('button', { name: 'Cancel commission' }).first().click();
    await page.fill('#reason', 'The family moved away');
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await expect.poll(() => focused(page)).toBe('section#.banner');
    expect(s.consoleErrors).toEqual([]);
  });

  it('a provider’s Decline focuses the reason, and Back the Decline button', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/commissions?status=APPROVED');
    const decline = page.getByRole('button', { name: /^Decline CR-/ }).first();
    await expect.poll(() => decline.count()).toBe(1);
    await visit(page, 'focus-provider', 'Incoming commissions');
    const declineId = await decline.getAttribute('id');
    await decline.click();
    expect(await focused(page)).toMatch(/^textarea#c-\w+-reason$/);
    await page.getByRole('button', { name: 'Back', exact: true }).click();
    expect(await focused(page)).toBe(`button#${declineId}`);
    expect(s.consoleErrors).toEqual([]);
  });
});
