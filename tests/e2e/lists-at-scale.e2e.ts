import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importSources, services, users } from '../../drizzle/schema';
import { serviceId } from '../setup/money';
import { TEST_NOW } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 11: lists the web app shows are searched or paged on the server, never read whole and cut at
// 100. The demo zone gets 150 more commissionable services: the contract form's picker finds the
// 150th by name (the old select listed the first 100) and a contract is drafted with it. An import
// with 120 problems shows them 50 a page, with the count (the old page listed the first 100).

const EXTRA = 150;
const n = (i: number) => String(i).padStart(3, '0');

async function fillDate(page: Page, id: string, d: Date) {
  await page.fill(`#${id}`, String(d.getUTCDate()));
  await page.fill(`#${id}-month`, String(d.getUTCMonth() + 1));
  await page.fill(`#${id}-year`, String(d.getUTCFullYear()));
}

for (const screen of SCREENS) {
  describe(`lists at scale on ${screen.name}`, () => {
    let s: Session;
    beforeAll(async () => {
      s = await open(screen);
      const db = s.server.db;
      const [admin] = await db.select().from(users).where(eq(users.email, 'admin@demo.test'));
      // Copies of a demo commissionable service (as tests/api/outcomes-scale.test.ts grows the zone).
      const [template] = await db
        .select()
        .from(services)
        .where(eq(services.id, await serviceId(db, 'Family therapy sessions')));
      const { id: _id, uuid: _uuid, sourceId: _s, externalId: _e, importSnapshot: _i, ...copy } = template!;
      await db.insert(services).values(
        Array.from({ length: EXTRA }, (_, i) => ({
          ...copy,
          name: `Picker scale service ${n(i + 1)}`,
          commissionable: true,
          status: 'PUBLISHED' as const,
        })),
      );
      await db.insert(importSources).values({
        zoneId: admin!.zoneId,
        location: 'file:scale-feed.json',
        lastRunAt: TEST_NOW,
        lastStatus: 'Finished with problems',
        lastCounts: { read: 1000, created: 880, updated: 0, unchanged: 0, withdrawn: 0, skipped: 120, notes: 1200 },
        lastErrors: Array.from({ length: 120 }, (_, i) => ({ id: `rec-${n(i + 1)}`, reason: 'No name' })),
        lastNotes: Array.from({ length: 3 }, (_, i) => ({ id: `box-${i + 1}`, reason: 'a PO box is no venue' })),
      });
    });
    afterAll(() => s.close());

    it('the contract form finds the 150th new service by name, and a contract is drafted with it', async () => {
      const { page } = s;
      await signIn(page, 'commissioner@demo.test');
      await page.goto('/contracts');
      await visit(page, `scale-contracts-${screen.name}`, 'Contracts');
      const status = page.locator('#contractService-status');
      // More services match than the select lists: it says so.
      await expect.poll(() => status.textContent()).toMatch(/Showing the first 20 of \d+ services/);
      await page.fill('#contractService-search', 'Picker scale service 150');
      await expect
        .poll(() => page.locator('#contractService option').allTextContents())
        .toEqual(['Choose a service', `Picker scale service 150 (${await providerOf(page)})`]);
      await page.fill('#contractService-search', 'nothing-called-this');
      await expect.poll(() => status.textContent()).toBe('No service matches “nothing-called-this”.');
      await page.fill('#contractService-search', 'Picker scale service 150');
      const option = page.locator('#contractService option', { hasText: 'Picker scale service 150' });
      await expect.poll(() => option.count()).toBe(1);
      const chosen = (await option.getAttribute('value'))!;
      await page.selectOption('#contractService', chosen);
      await visit(page, `scale-contracts-picked-${screen.name}`, 'Contracts');

      // A mistake elsewhere on the form: the chosen service stays chosen.
      await page.getByRole('button', { name: 'Draft the contract' }).click();
      await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Enter the number of places/);
      expect(await page.locator('.govuk-error-summary').textContent()).not.toMatch(/Choose the service/);
      await page.fill('#contractPlaces', '2');
      await page.fill('#contractPrice', '150');
      await fillDate(page, 'contractStart', TEST_NOW);
      await fillDate(page, 'contractEnd', new Date(TEST_NOW.getTime() + 100 * 86_400_000));
      const pot = await page.locator('#contractPot option').nth(1).getAttribute('value');
      await page.selectOption('#contractPot', pot!);
      await page.getByRole('button', { name: 'Draft the contract' }).click();
      await expect
        .poll(() => page.locator('.govuk-notification-banner--success').textContent())
        .toMatch(/BC-\w+ is drafted/);
      const reference = /(BC-\w+)/.exec((await page.locator('.govuk-notification-banner--success').textContent())!)![1];
      await expect
        .poll(() => page.locator(`tr[data-reference="${reference}"]`).textContent())
        .toMatch(/Picker scale service 150/);

      // A service chosen in the address (a shared link) stays chosen and shown, though not among the
      // first 20 the commission filter lists.
      await page.goto(`/commissions?service=${encodeURIComponent(chosen)}`);
      await visit(page, `scale-commissions-${screen.name}`, 'Commissions');
      await expect
        .poll(() => page.locator('#service').evaluate((el) => (el as HTMLSelectElement).selectedOptions[0]?.text))
        .toMatch(/^Picker scale service 150 \(/);
      expect(s.consoleErrors).toEqual([]);
    });

    it('the imports page shows an import’s 120 problems 50 a page, with the count, and its notes', async () => {
      const { page } = s;
      await page.context().clearCookies();
      await signIn(page, 'admin@demo.test');
      await page.goto('/admin/imports');
      await visit(page, `scale-imports-${screen.name}`, 'Imported directories');
      const items = page.getByTestId('import-problems').locator('li');
      const range = page.getByTestId('pager-range').first(); // the problems' (the notes' follows)
      await expect.poll(() => range.textContent()).toMatch(/Showing 1 to 50 of 120 /);
      // Records taken without some parts are listed after the problems, with their count.
      const notes = page.getByTestId('import-notes').locator('li');
      await expect.poll(() => notes.allTextContents()).toEqual([1, 2, 3].map((i) => `box-${i}: a PO box is no venue`));
      expect(await page.getByRole('heading', { name: 'Imported without some parts' }).count()).toBe(1);
      // More notes than were kept: how many the run made is said (audit 62: "1,000 notes", no more).
      expect(await page.getByText('3 notes kept of 1,200, one of each kind of reason first.').count()).toBe(1);
      await expect.poll(() => items.count()).toBe(50);
      await expect.poll(() => items.first().textContent()).toBe('rec-001: No name');
      await page.getByRole('button', { name: /Next page/ }).click();
      await expect.poll(() => range.textContent()).toMatch(/Showing 51 to 100 of 120 /);
      await expect.poll(() => items.first().textContent()).toBe('rec-051: No name');
      await page.getByRole('button', { name: /Next page/ }).click();
      await expect.poll(() => range.textContent()).toMatch(/Showing 101 to 120 of 120 /);
      await expect.poll(() => items.count()).toBe(20);
      expect(await page.getByRole('button', { name: /Next page/ }).count()).toBe(0);
      await visit(page, `scale-imports-page-3-${screen.name}`, 'Imported directories');
      expect(s.consoleErrors).toEqual([]);
    });
  });
}

/** The provider of the copied service, as the picker shows it. */
async function providerOf(page: Page) {
  const option = page.locator('#contractService option', { hasText: 'Picker scale service 150' }).first();
  await expect.poll(() => option.count()).toBe(1);
  return /\((.*)\)$/.exec((await option.textContent())!)![1];
}
