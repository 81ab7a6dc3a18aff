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

  it('an administrator counts a child’s commissions for one service together against the limit (audit 65), and sees it kept', async () => {
    const { page } = s;
    const counting = async () =>
      (
        await s.server.db.select({ v: zones.delegatedLimitCountsSameService }).from(zones).where(eq(zones.slug, 'demo'))
      )[0]!.v;
    expect(await counting()).toBe(false);
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/settings');
    await visit(page, 'admin-settings-split', 'Zone settings');
    const box = page.getByLabel('Count a child’s other commissions for the same service against the limit');
    await expect.poll(() => box.isChecked()).toBe(false);
    await box.check();
    await page.click('form button[type=submit]');
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/with the child’s others for the same service this period/);
    expect(await counting()).toBe(true);
    await page.reload();
    await visit(page, 'admin-settings-split-saved', 'Zone settings');
    await expect.poll(() => box.isChecked()).toBe(true);
    // Saving something else keeps it.
    await page.getByLabel('Weekly').check();
    await page.click('form button[type=submit]');
    await expect.poll(() => schedule()).toBe('WEEKLY');
    expect(await counting()).toBe(true);
    expect(s.consoleErrors).toEqual([]);
  });
});
