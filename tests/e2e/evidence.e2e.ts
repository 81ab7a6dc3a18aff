import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 12, points 5 to 7: approved services, each page axe-checked by visit(), at desktop and 390 px.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('a commissioner keeps the approved services: overdue reviews flagged, a service approved, the reason on the approval card', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/approved-services');
    await visit(page, `approved-services-${screen.name}`, 'Approved services');
    const mentoring = page.locator('tbody tr', { hasText: '1:1 youth mentoring' });
    await expect.poll(() => mentoring.textContent()).toMatch(/Foundations NL2.*Review overdue/s);
    const therapy = page.locator('tbody tr', { hasText: 'Family therapy sessions' });
    await expect.poll(() => therapy.textContent()).toMatch(/Foundations level 3/);

    await page.selectOption('#serviceId', { label: 'Holiday circus camp (Catford Circus Collective)' });
    await page.selectOption('#evidenceRating', { label: 'Foundations level 2' });
    await page.fill('#approvedOn', '30');
    await page.fill('#approvedOn-month', '11');
    await page.fill('#approvedOn-year', '2026');
    await page.fill('#reviewOn', '1');
    await page.fill('#reviewOn-month', '10');
    await page.fill('#reviewOn-year', '2026');
    await page.getByRole('button', { name: 'Save approval' }).click();
    // The review date is before the approval date: the server says so beside the field.
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/after the approval date/);
    await page.fill('#reviewOn-year', '2027');
    await page.getByRole('button', { name: 'Save approval' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner').textContent())
      .toMatch(/Holiday circus camp is on the approved list/);
    await expect.poll(() => page.locator('tbody tr', { hasText: 'Holiday circus camp' }).count()).toBe(1);

    await page.goto('/approvals');
    await visit(page, `approvals-reason-${screen.name}`, 'Waiting for approval');
    const card = page.locator('.govuk-summary-card', { hasText: 'Instrument lessons' });
    await expect.poll(() => card.locator('.govuk-inset-text').textContent()).toMatch(/not on the zone’s approved list/);
    expect(s.consoleErrors).toEqual([]);
  });
});
