import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { zones } from '../../drizzle/schema';
import { open, type Session, signIn, visit } from './browser';

// Audit 61: the schedule form is free text, so "12, 12" can be typed. The API refuses a repeated
// follow-up at its entry (followUpMonths.N); the form shows it beside the follow-ups field.
let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

const months = async () =>
  (await s.server.db.select({ v: zones.outcomeFollowUpMonths }).from(zones).where(eq(zones.slug, 'demo')))[0]!.v;

describe('outcome schedule form', () => {
  it('shows a follow-up typed twice beside the follow-ups field and saves nothing', async () => {
    const { page } = s;
    const before = await months();
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/measures');
    await visit(page, 'outcome-schedule-form', 'Outcome measures');
    await page.fill('#followUpMonths', '6, 12, 12');
    await page.click('form:has(#followUpMonths) button[type=submit]');
    const message = 'Each follow-up can be given once: 12 months is repeated';
    await expect.poll(() => page.locator('#followUpMonths-error').textContent()).toContain(message);
    expect(await page.locator('.govuk-error-summary a[href="#followUpMonths"]').textContent()).toBe(message);
    await visit(page, 'outcome-schedule-form-repeated', 'Outcome measures');
    expect(await months()).toEqual(before);
    expect(s.consoleErrors).toEqual([]);
  });
});
