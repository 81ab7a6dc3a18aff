import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zones } from '../../drizzle/schema';
import { open, type Session, signIn, visit } from './browser';

// The zone's local offer digest schedule (localOfferSchedule) on the admin settings page.
let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

const schedule = async () =>
  (await s.server.db.select({ v: zones.localOfferSchedule }).from(zones).where(eq(zones.slug, 'demo')))[0]!.v;

describe('zone settings', () => {
  it('an administrator sets how often the local offer digest is emailed, and sees it kept', async () => {
    const { page } = s;
    expect(await schedule()).toBe('MONTHLY');
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/settings');
    await visit(page, 'admin-settings-schedule', 'Zone settings');
    await expect.poll(() => page.isChecked('#schedule')).toBe(true); // Monthly, the first option
    await page.getByLabel('Weekly').check();
    await page.click('form button[type=submit]');
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Saved/);
    expect(await schedule()).toBe('WEEKLY');
    await page.reload();
    await visit(page, 'admin-settings-schedule-saved', 'Zone settings');
    await expect.poll(() => page.isChecked('#schedule-WEEKLY')).toBe(true);
    await page.getByLabel('Off: not emailed').check();
    await page.click('form button[type=submit]');
    await expect.poll(() => schedule()).toBe('OFF');
    expect(s.consoleErrors).toEqual([]);
  });
});
