import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, emailOutbox } from '../../drizzle/schema';
import { serviceId } from '../setup/money';
import { globalId } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14 point 8: a link worker saves a service to a new named list, opens the printable list,
// and emails it (the error summary first).
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('saves to a shortlist from the listing page, prints it and emails it', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    const gid = globalId('Service', await serviceId(s.server.db, 'Family therapy sessions'));
    await page.goto(`/services/${encodeURIComponent(gid)}`);
    await visit(page, `shortlist-save-${screen.name}`, 'Family therapy sessions');
    await page.selectOption('#shortlist', 'new');
    await page.fill('#shortlistName', 'Ideas for the family');
    await page.getByRole('button', { name: 'Save to shortlist' }).click();
    await page.getByRole('link', { name: 'Ideas for the family' }).click();
    await visit(page, `shortlist-${screen.name}`, /Ideas for the family/);
    await expect.poll(() => page.textContent('main')).toContain('How to refer');
    // One heading for screen and print alike (a second, hidden h1 confused the outline).
    expect(await page.locator('h1').count()).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('.govuk-header').isVisible()).toBe(false);
    await expect.poll(() => page.locator('form').isVisible()).toBe(false);
    // Printed, the heading is the shared name (audit F8); on screen, what the link worker typed.
    // innerText, not textContent: it is what is rendered, without the screen-only words.
    await expect
      .poll(() => page.locator('h1:visible').allInnerTexts())
      .toEqual(['Services for you: Ideas for the family']);
    await page.emulateMedia({ media: 'screen' });
    await expect
      .poll(() => page.locator('h1:visible').allInnerTexts())
      .toEqual(['Services for you: Ideas for the family']);
    expect(await page.locator('h1').count()).toBe(1);
    await page.getByRole('button', { name: 'Send the list' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/email address/);
    await visit(page, `shortlist-email-error-${screen.name}`, /Ideas for the family/);
    await page.fill('#email', 'family@example.org');
    await page.getByRole('button', { name: 'Send the list' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/on its way/);
    const rows = await s.server.db.select().from(emailOutbox).where(eq(emailOutbox.kind, 'SHORTLIST'));
    expect(rows.map((r) => r.toAddress)).toEqual(['family@example.org']);
    // A refused second send shows its error alone: the first send's banner goes.
    await page.fill('#email', 'not an address');
    await page.getByRole('button', { name: 'Send the list' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/email/i);
    expect(await page.locator('.govuk-notification-banner').count()).toBe(0);
  });

  // Audit F8: a list named with a child's name shows it to its link worker, and prints without it.
  it('prints a list named after a child with the name scrubbed, under one heading', async () => {
    const { page } = s;
    const [child] = await s.server.db.select().from(children).limit(1);
    const typed = `For ${child!.firstName} ${child!.lastName} ${screen.name}`;
    const gid = globalId('Service', await serviceId(s.server.db, 'Family therapy sessions'));
    await page.goto(`/services/${encodeURIComponent(gid)}`);
    await page.selectOption('#shortlist', 'new');
    await page.fill('#shortlistName', typed);
    await page.getByRole('button', { name: 'Save to shortlist' }).click();
    await page.getByRole('link', { name: typed }).click();
    await visit(page, `shortlist-scrubbed-${screen.name}`, new RegExp(typed));
    const printed = `Services for you: For [name] [name] ${screen.name}`;
    expect(await page.locator('h1').innerText()).toBe(`Services for you: ${typed}`);
    expect(await page.textContent('main')).toContain(`Printed as “${printed}”`);
    await page.emulateMedia({ media: 'print' });
    await expect.poll(() => page.locator('h1:visible').allInnerTexts()).toEqual([printed]);
    expect(await page.locator('h1').count()).toBe(1);
    await page.emulateMedia({ media: 'screen' });
  });

  it('saves a search result to a shortlist and removes it on the list page', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/?q=therapy');
    await visit(page, `search-shortlist-${screen.name}`, /services/i);
    const first = page.locator('.app-result').first();
    const name = (await first.locator('h2').first().textContent())!.trim();
    await first.locator('summary').click();
    await first.locator('select').selectOption('new');
    await first.locator('input').fill(`From search ${screen.name}`);
    await first.getByRole('button', { name: `Save to shortlist ${name}` }).click();
    await first.getByRole('link', { name: `From search ${screen.name}` }).click();
    await visit(page, `shortlist-from-search-${screen.name}`, new RegExp(`From search ${screen.name}`));
    await expect.poll(() => page.locator('.app-shortlist-item h2').allTextContents()).toEqual([name]);
    await page.getByRole('button', { name: `Remove ${name} from this list` }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/removed/);
    await expect.poll(() => page.locator('.app-shortlist-item').count()).toBe(0);
    await visit(page, `shortlist-removed-${screen.name}`, new RegExp(`From search ${screen.name}`));
    expect(s.consoleErrors).toEqual([]);
  });
});
