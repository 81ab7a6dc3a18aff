import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commissions, notifications, services, users } from '../../drizzle/schema';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// ISSUE 11, point 6: the approval queue (25 a page) and notifications (50 a page) are read a page at
// a time from the server, with the page's cursor in the address (?after= / ?before=): next, reload,
// previous, each page passing axe, on a desktop and on a 390 px phone. Before, the queue showed its
// first 100 and notifications their newest 50, and nothing said there were more.
// The provider's listings (50 a page) likewise, with a "Showing 50 of N listings" line.

const QUEUED = 30;
// Letters a commission reference may hold (CR- and five of 2-9, A-Z without I, L, O, U).
const LETTERS = 'ABCDEFGHJKMNPQRSTVWX';
const NOTES = 60;
const LISTINGS = 60;

for (const screen of SCREENS) {
  describe(`paged queues on ${screen.name}`, () => {
    let s: Session;
    beforeAll(async () => {
      s = await open(screen);
      const db = s.server.db;
      // Copies of a demo commission waiting for approval (the page reads them; no money moves here).
      const [waiting] = await db.select().from(commissions).where(eq(commissions.status, 'REQUESTED')).limit(1);
      const { id: _id, ...row } = waiting!;
      await db.insert(commissions).values(
        Array.from({ length: QUEUED }, (_, i) => ({
          ...row,
          reference: `CR-PQZ${LETTERS[Math.floor(i / 20)]}${LETTERS[i % 20]}`,
        })),
      );
      const [lw] = await db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
      await db.insert(notifications).values(
        Array.from({ length: NOTES }, (_, i) => ({
          userId: lw!.id,
          kind: 'PAGED_TEST',
          message: `Paged notification ${String(i).padStart(3, '0')}`,
        })),
      );
      // Draft copies of one of the demo provider's listings: only its own staff see them.
      const [provider] = await db.select().from(users).where(eq(users.email, 'provider@demo.test'));
      const [listing] = await db.select().from(services).where(eq(services.organisationId, provider!.organisationId!));
      const { id: _sid, uuid: _uuid, ...copy } = listing!;
      await db.insert(services).values(
        Array.from({ length: LISTINGS }, (_, i) => ({
          ...copy,
          name: `Paged listing ${String(i).padStart(3, '0')}`,
          status: 'DRAFT' as const,
          externalId: null,
        })),
      );
    });
    afterAll(() => s.close());

    const texts = (page: Page, selector: string) =>
      page.locator(selector).evaluateAll((els) => els.map((e) => e.textContent?.trim() ?? ''));

    async function pageThrough(path: string, selector: string, heading: string, label: string, size: number) {
      const { page } = s;
      await page.goto(path);
      await visit(page, `paged-${label.toLowerCase()}-${screen.name}`, heading);
      await expect.poll(async () => (await texts(page, selector)).length).toBe(size);
      const first = await texts(page, selector);
      expect(await page.getByRole('button', { name: /Previous page/ }).count()).toBe(0);

      await page.getByRole('button', { name: new RegExp(`Next page\\W*${label}`, 'i') }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('after')).toBeTruthy();
      await expect.poll(async () => (await texts(page, selector)).some((t) => first.includes(t))).toBe(false);
      const second = await texts(page, selector);
      expect(second.length).toBeGreaterThan(0);
      await visit(page, `paged-${label.toLowerCase()}-2-${screen.name}`, heading);

      await page.reload();
      await expect.poll(() => texts(page, selector)).toEqual(second);
      await page.getByRole('button', { name: /Previous page/ }).click();
      await expect.poll(() => texts(page, selector)).toEqual(first);
      expect(s.consoleErrors).toEqual([]);
    }

    it('the approval queue: 25 a page, next, reload and back', async () => {
      await signIn(s.page, 'commissioner@demo.test');
      await pageThrough('/approvals', '.govuk-summary-card .app-reference', 'Waiting for approval', 'Approvals', 25);
      await expect.poll(() => s.page.getByRole('status').first().textContent()).toMatch(/waiting/);
    });

    it('provider listings: 50 a page, next, reload and back, saying how many each page shows', async () => {
      const { page } = s;
      await page.context().clearCookies();
      await signIn(page, 'provider@demo.test');
      await page.goto('/provider/listings');
      const total = Number(/^(\d+)/.exec((await page.getByTestId('listings-count').textContent()) ?? '')?.[1]);
      expect(total).toBeGreaterThan(LISTINGS);
      expect(total).toBeLessThanOrEqual(100);
      const range = () => page.getByTestId('pager-range').textContent();
      const rows = 'table.govuk-table tbody th[scope="row"]';
      await pageThrough('/provider/listings', rows, 'Your listings', 'Listings', 50);
      // Back on the first page, by its cursor (?before=): 50 of them.
      expect(new URL(page.url()).searchParams.get('before')).toBeTruthy();
      await expect.poll(range).toBe(`Showing 50 of ${total} listings`);
      await page.getByRole('button', { name: /Next page\W*listings/i }).click();
      await expect.poll(range).toBe(`Showing ${total - 50} of ${total} listings`);
      expect(await texts(page, rows)).toHaveLength(total - 50);
      expect(await page.getByRole('button', { name: /Next page/ }).count()).toBe(0);
    });

    it('notifications: 50 a page, next, reload and back', async () => {
      await s.page.context().clearCookies();
      await signIn(s.page, 'linkworker@demo.test');
      await pageThrough('/notifications', 'main ul.govuk-list > li', 'Notifications', 'Notifications', 50);
    });
  });
}
