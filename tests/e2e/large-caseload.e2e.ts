import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childConsents, children, users } from '../../drizzle/schema';
import { open, type Session, signIn, visit } from './browser';

// Issue 11: no page stops at 100 children. The demo link worker gets 130 more (references ZZL-0001
// to ZZL-0130, after every demo reference), each with consent to share. The commissioner pages to one
// beyond the first 100 and funds it; the caseload pages to the last child; the commission form's
// picker finds that child on the server and the commission goes ahead.
const EXTRA = 130;
const ref = (n: number) => `ZZL-${String(n).padStart(4, '0')}`;
const TARGET = ref(125);

const switchTo = async (page: Page, email: string) => {
  await page.context().clearCookies();
  await signIn(page, email);
};
const settled = (page: Page) =>
  page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.includes('Loading'));

describe('a link worker with 130 more children', () => {
  let s: Session;
  let targetId = '';
  beforeAll(async () => {
    s = await open();
    const db = s.server.db;
    const [lw] = await db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const [like] = await db.select().from(children).where(eq(children.linkWorkerId, lw!.id)).limit(1);
    const added = await db
      .insert(children)
      .values(
        Array.from({ length: EXTRA }, (_, i) => ({
          zoneId: like!.zoneId,
          reference: ref(i + 1),
          firstName: 'Scale',
          lastName: `Caseload${i + 1}`,
          dateOfBirth: like!.dateOfBirth,
          yearGroup: like!.yearGroup,
          schoolId: like!.schoolId,
          linkWorkerId: lw!.id,
          programmeStart: like!.programmeStart,
          programmeEnd: like!.programmeEnd,
        })),
      )
      .returning({ id: children.id, reference: children.reference });
    await db.insert(childConsents).values(
      added.map((c) => ({
        zoneId: like!.zoneId,
        childId: c.id,
        action: 'GIVEN' as const,
        givenBy: 'PARENT_OR_CARER' as const,
        method: 'IN_PERSON' as const,
        purposes: ['SHARE_WITH_PROVIDERS' as const],
        effectiveOn: '2026-09-01',
        recordedById: lw!.id,
      })),
    );
    const token = await s.server.signIn('linkworker@demo.test');
    const found = await s.server.gql(
      `query($q: String) { children(first: 1, filter: { search: $q }) { edges { node { id } } } }`,
      { q: TARGET },
      token,
    );
    targetId = found.data.children.edges[0].node.id;
  });
  afterAll(() => s.close());

  it('the commissioner pages the funding page to a child beyond the first 100 and allocates to it', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/funding');
    await visit(page, 'large-funding', 'Funding');
    const box = page.locator(`#child-${TARGET}`);
    const firstChild = () => page.locator('input[id^="child-"]').first().getAttribute('id');
    await expect.poll(firstChild).toBeTruthy();
    for (let n = 0; n < 20 && (await box.count()) === 0; n++) {
      const before = await firstChild();
      await page
        .getByRole('navigation', { name: 'Children pages' })
        .getByRole('button', { name: /Next page/ })
        .click();
      await expect.poll(firstChild).not.toBe(before);
      await settled(page);
    }
    expect(new URL(page.url()).searchParams.get('after')).toBeTruthy();
    await expect
      .poll(() => page.getByTestId('pager-range').textContent())
      .toMatch(/^Showing \d+ to \d+ of \d+ children/);
    await visit(page, 'large-funding-later-page', 'Funding');
    await page.selectOption('#potId', { index: 1 });
    await page.fill('#amount', '500');
    await box.check();
    await page.click('form button[type=submit] >> text=Allocate');
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/£500\.00 allocated to 1 child\./);
    await expect.poll(() => page.locator(`label[for="child-${TARGET}"]`).textContent()).toMatch(/£500\.00/);
    expect(s.consoleErrors).toEqual([]);
  });

  it('the caseload shows a page at a time and Next reaches the last child', async () => {
    const { page } = s;
    await switchTo(page, 'linkworker@demo.test');
    await page.goto('/caseload');
    await visit(page, 'large-caseload', 'Your caseload');
    const total = Number((await page.getByTestId('caseload-count').textContent())!.split(' ')[0]);
    expect(total).toBeGreaterThan(EXTRA);
    await expect.poll(() => page.locator('tbody tr').count()).toBe(50);
    await expect.poll(() => page.getByTestId('pager-range').textContent()).toBe(`Showing 1 to 50 of ${total} children`);
    const next = page.getByRole('navigation', { name: 'Children pages' }).getByRole('button', { name: /Next page/ });
    let from = 1;
    while ((await next.count()) > 0) {
      const first = await page.locator('tbody tr th').first().textContent();
      await next.click();
      await expect.poll(() => page.locator('tbody tr th').first().textContent()).not.toBe(first);
      from += 50;
      await expect
        .poll(() => page.getByTestId('pager-range').textContent())
        .toMatch(new RegExp(`^Showing ${from} to \\d+ of ${total} children`));
    }
    await expect
      .poll(() => page.getByTestId('pager-range').textContent())
      .toBe(`Showing ${from} to ${total} of ${total} children`);
    await expect.poll(() => page.locator('tbody tr').last().textContent()).toContain(ref(EXTRA));
    await visit(page, 'large-caseload-last-page', 'Your caseload');
    // Back one page: the range follows.
    await page
      .getByRole('navigation', { name: 'Children pages' })
      .getByRole('button', { name: /Previous page/ })
      .click();
    await expect
      .poll(() => page.getByTestId('pager-range').textContent())
      .toBe(`Showing ${from - 50} to ${from - 1} of ${total} children`);
    // A search goes back to the first page of its matches.
    await page.fill('#search', 'Caseload12');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await expect.poll(() => page.getByTestId('caseload-count').textContent()).toBe('11 children match');
    expect(new URL(page.url()).searchParams.get('before')).toBeNull();
    expect(new URL(page.url()).searchParams.get('after')).toBeNull();
    expect(s.consoleErrors).toEqual([]);
  });

  it('the commission form finds that child on the server, by reference, and the commission goes ahead', async () => {
    const { page } = s;
    const service = await s.server.gql(
      '{ services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id } } } }',
      {},
      await s.server.signIn('linkworker@demo.test'),
    );
    await page.goto(`/services/${encodeURIComponent(service.data.services.edges[0].node.id)}/commission`);
    await visit(page, 'large-commission', /Commission Family therapy sessions/);
    const status = page.getByTestId('child-picker-status');
    await expect.poll(() => status.textContent()).toMatch(/^Showing 20 of \d+: type more of the name or reference$/);
    await expect.poll(() => page.locator(`#childId-${TARGET}`).count()).toBe(0);
    await page.fill('#childId', 'Scale Caseload');
    await expect.poll(() => status.textContent()).toBe(`Showing 20 of ${EXTRA}: type more of the name or reference`);
    await page.fill('#childId', 'no such child at all');
    await expect.poll(() => status.textContent()).toBe('No child matches “no such child at all”');
    await visit(page, 'large-commission-no-match', /Commission Family therapy sessions/);
    // Enter searches at once and does not send the form.
    await page.fill('#childId', TARGET.toLowerCase());
    await page.press('#childId', 'Enter');
    await expect.poll(() => status.textContent()).toBe('1 child matches');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(0);
    await page.locator(`#childId-${TARGET}`).check();
    await expect.poll(() => page.getByTestId('budget-preview').textContent()).toMatch(/£500\.00/);
    await visit(page, 'large-commission-found', /Commission Family therapy sessions/);
    await page.fill('#units', '1');
    await page.fill('#rationale', 'Family work at home, found among a large caseload.');
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.getByTestId('check-answers').textContent()).toContain(`Scale Caseload125 (${TARGET})`);
    await page.getByRole('button', { name: 'Send commission' }).click();
    await page.waitForURL((url) => url.pathname === `/children/${encodeURIComponent(targetId)}`);
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission sent/);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a child chosen in the address is shown chosen, though far beyond the first matches', async () => {
    const { page } = s;
    await page.goto(`/unmet-need/record?child=${encodeURIComponent(targetId)}`);
    await visit(page, 'large-unmet-need-chosen', 'Record that no suitable service was found');
    await expect
      .poll(() => page.locator('[data-testid=child-picker] input:checked + label').textContent())
      .toBe(`Scale Caseload125 (${TARGET})`);
    await page.selectOption('#need', { index: 1 });
    await page.fill('#tried', 'Searched the directory: nothing near enough.');
    await page.getByRole('button', { name: 'Record it' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/no suitable service was found/);
    expect(s.consoleErrors).toEqual([]);
  });
});
