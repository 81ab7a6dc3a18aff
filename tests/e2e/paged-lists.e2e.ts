import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { districts, schools, users } from '../../drizzle/schema';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// ISSUE 11, point 6: a list longer than one page is not silently cut to its first page. The
// administrator's people and schools lists get more than one page (50 a page) of rows; the page
// moves to page 2 and back, the position lives in the URL (?page=2) so reload keeps it, and each
// page passes axe, on a desktop and on a 390 px phone.

const EXTRA = 70;

for (const screen of SCREENS) {
  describe(`paged lists on ${screen.name}`, () => {
    let s: Session;
    beforeAll(async () => {
      s = await open(screen);
      const [admin] = await s.server.db.select().from(users).where(eq(users.email, 'admin@demo.test'));
      const [district] = await s.server.db.select().from(districts).where(eq(districts.zoneId, admin!.zoneId)).limit(1);
      const n = (i: number) => String(i).padStart(3, '0');
      await s.server.db.insert(users).values(
        Array.from({ length: EXTRA }, (_, i) => ({
          zoneId: admin!.zoneId,
          email: `paged-${n(i)}@pages.test`,
          name: `Zz Paged Person ${n(i)}`,
          role: 'LINK_WORKER' as const,
          passwordHash: admin!.passwordHash,
        })),
      );
      await s.server.db.insert(schools).values(
        Array.from({ length: EXTRA }, (_, i) => ({
          zoneId: admin!.zoneId,
          districtId: district!.id,
          name: `Zz Paged School ${n(i)}`,
          postcode: 'SW1A 1AA',
          latitude: 51.5,
          longitude: -0.14,
        })),
      );
      await signIn(s.page, 'admin@demo.test');
    });
    afterAll(() => s.close());

    const rowNames = (page: Page, table: string) =>
      page.locator(`${table} tbody tr th`).evaluateAll((cells) => cells.map((c) => c.textContent?.trim() ?? ''));
    const range = (page: Page) => page.getByTestId('pager-range').first().textContent();

    async function pageThrough(path: string, table: string, heading: string, label: RegExp, shot: string) {
      const { page } = s;
      await page.goto(path);
      await visit(page, `${shot}-${screen.name}`, heading);
      await expect.poll(() => range(page)).toMatch(/Showing 1 to 50 /);
      const first = await rowNames(page, table);
      expect(first).toHaveLength(50);
      expect(await page.getByRole('button', { name: /Previous page/ }).count()).toBe(0);

      await page.getByRole('button', { name: label }).click();
      await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBe('2');
      await expect.poll(() => range(page)).toMatch(/Showing 51 to /);
      // Polled: under load the range can be drawn a moment before the rows are.
      await expect.poll(async () => (await rowNames(page, table)).filter((name) => first.includes(name))).toEqual([]);
      const second = await rowNames(page, table);
      expect(second.length).toBeGreaterThan(0);
      await visit(page, `${shot}-page-2-${screen.name}`, heading);

      // Reload keeps page 2; back returns to page 1.
      await page.reload();
      await expect.poll(() => range(page)).toMatch(/Showing 51 to /);
      await expect.poll(() => rowNames(page, table)).toEqual(second);
      await page.goBack();
      await expect.poll(() => new URL(page.url()).searchParams.get('page')).toBeNull();
      await expect.poll(() => rowNames(page, table)).toEqual(first);

      // And Previous from page 2 is page 1 again.
      await page.goForward();
      await expect.poll(() => range(page)).toMatch(/Showing 51 to /);
      await page.getByRole('button', { name: /Previous page/ }).click();
      await expect.poll(() => range(page)).toMatch(/Showing 1 to 50 /);
      await expect.poll(() => rowNames(page, table)).toEqual(first);
    }

    it('people: page 2 and back', async () => {
      await pageThrough('/admin/users', '#people', 'Users', /Next page\W*people/, 'paged-users');
      expect(s.consoleErrors).toEqual([]);
    });

    it('schools: page 2 and back', async () => {
      await pageThrough('/admin/schools', '#schools', 'Schools and districts', /Next page\W*schools/, 'paged-schools');
      expect(s.consoleErrors).toEqual([]);
    });
  });
}
