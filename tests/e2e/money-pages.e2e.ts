import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rowsOf } from '../../schema/domain/rows';
import { TEST_NOW } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

/** Signs in afresh as someone else. */
async function switchTo(page: Page, email: string) {
  await page.context().clearCookies();
  await signIn(page, email);
}

/** Picks the option whose text starts with `text` (option labels carry more, like the provider). */
async function pick(page: Page, select: string, text: string) {
  const value = await page.locator(`${select} option`, { hasText: text }).first().getAttribute('value');
  await page.selectOption(select, value!);
}

async function fillDate(page: Page, id: string, d: Date) {
  await page.fill(`#${id}`, String(d.getUTCDate()));
  await page.fill(`#${id}-month`, String(d.getUTCMonth() + 1));
  await page.fill(`#${id}-year`, String(d.getUTCFullYear()));
}

const pounds = (text: string) => Math.round(Number(text.replace(/[£,]/g, '')) * 100);

// Issue 13, the web pages for district funds, utilisation, contracts and payment runs (points 1, 4, 6).
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `money-${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('a commissioner previews a formula split to the penny, fixes a mistake, commits it, and sees utilisation', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/district-funds');
    await visit(page, shot('funds'), 'District funds');
    // The seeded fund is listed with its split, which sums to the fund.
    const seeded = page.locator('section', {
      has: page.getByRole('heading', { name: 'Schools forum top slice 2026-27' }),
    });
    await expect.poll(() => seeded.getByTestId('shares-total').textContent()).toBe('£144,000.00');

    // Bad input: a clear summary linking to the field; nothing previewed.
    await page.getByRole('button', { name: 'Preview the split' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Enter the fund’s name/);
    await visit(page, shot('funds-error'), 'District funds');
    await expect.poll(() => page.title()).toMatch(/^Error: /);

    await page.fill('#fundName', `Top-up ${screen.name}`);
    await page.fill('#fundTotal', '1000.01');
    await pick(page, '#formulaPick', 'Schools forum formula');
    await expect.poll(() => page.inputValue('#formulaName')).toBe('Schools forum formula');
    await page.fill('#pupils-0', 'many');
    await page.getByRole('button', { name: 'Preview the split' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toMatch(/pupils on roll as a whole number/);
    await page.fill('#pupils-0', '1000');
    await page.getByRole('button', { name: 'Preview the split' }).click();
    await expect.poll(() => page.getByRole('heading', { name: /^Preview:/ }).count()).toBe(1);
    await visit(page, shot('funds-preview'), 'District funds');
    const preview = page.locator('section', { has: page.getByRole('heading', { name: /^Preview:/ }) });
    const cells = await preview
      .locator('tbody td[data-pence]')
      .evaluateAll((tds) => tds.map((td) => Number(td.getAttribute('data-pence'))));
    // Exact to the penny: the shares are whole pence and add up to the fund.
    expect(cells.every(Number.isInteger)).toBe(true);
    expect(cells.reduce((t, p) => t + p, 0)).toBe(100001);
    await expect.poll(() => preview.getByTestId('shares-total').textContent()).toBe('£1,000.01');

    await page.getByRole('button', { name: 'Commit the split' }).click();
    await expect.poll(() => page.getByTestId('confirm').textContent()).toMatch(/£1,000\.01 in all/);
    await page.getByRole('button', { name: 'Yes, create the district pots' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/split into district pots/);
    await expect.poll(() => page.getByRole('heading', { name: `Top-up ${screen.name}` }).count()).toBe(1);
    await visit(page, shot('funds-committed'), 'District funds');

    await page.goto('/district-utilisation');
    await visit(page, shot('utilisation'), 'District utilisation');
    const rows = page.locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(1);
    await expect.poll(() => page.locator('svg.app-chart__bar').count()).toBe(await rows.count());
    expect(s.consoleErrors).toEqual([]);
  });

  it('a district lead sees only their own district’s utilisation, from their menu', async () => {
    const { page } = s;
    await switchTo(page, 'districtlead@demo.test');
    await page.goto('/');
    await page
      .locator('#navigation a', { hasText: 'District utilisation' })
      .first()
      .evaluate((a: HTMLElement) => a.click());
    await visit(page, shot('utilisation-lead'), 'District utilisation');
    await expect.poll(() => page.locator('tbody th').allTextContents()).toEqual(['Catford']);
    expect(s.consoleErrors).toEqual([]);
  });

  let reference = '';
  it('a commissioner drafts a contract, signs it (money committed), and a link worker raises under it', async () => {
    const { page } = s;
    await switchTo(page, 'commissioner@demo.test');
    await page.goto('/contracts');
    await visit(page, shot('contracts'), 'Contracts');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
    await page.selectOption('#endingFilter', '3');
    await expect.poll(() => page.locator('tbody tr').count()).toBe(1);
    await page.selectOption('#endingFilter', '');

    await page.getByRole('button', { name: 'Draft the contract' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/Choose the service/);
    await visit(page, shot('contracts-error'), 'Contracts');
    await pick(page, '#contractService', 'Family therapy sessions');
    await page.fill('#contractPlaces', '3');
    await page.fill('#contractPrice', '100');
    // The server's day (TEST_NOW), not the machine's: a contract must be running to raise under it.
    const today = TEST_NOW;
    await fillDate(page, 'contractStart', today);
    await fillDate(page, 'contractEnd', new Date(today.getTime() + 200 * 86_400_000));
    await pick(page, '#contractPot', 'Council early help fund');
    await page.getByRole('button', { name: 'Draft the contract' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/BC-\w+ is drafted/);
    reference = /(BC-\w+)/.exec((await page.locator('.govuk-notification-banner--success').textContent())!)![1]!;
    const row = page.locator(`tr[data-reference="${reference}"]`);
    await row.getByRole('button', { name: `Sign ${reference}` }).click();
    await expect
      .poll(() => page.getByTestId('confirm').textContent())
      .toMatch(/commits £300\.00 \(3 places at £100\.00\)/);
    await page.getByRole('button', { name: 'Yes, sign and commit the money' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(`${reference} is signed: £300.00 is committed`);
    await visit(page, shot('contracts-signed'), 'Contracts');

    await switchTo(page, 'linkworker@demo.test');
    const ids = await s.server.gql(
      `{ viewer { caseload(first: 1) { edges { node { id } } } }
         services(first: 1, filter: { text: "Family therapy sessions" }) { edges { node { id } } } }`,
      {},
      await s.server.signIn('linkworker@demo.test'),
    );
    const childId = ids.data.viewer.caseload.edges[0].node.id;
    await page.goto(`/services/${ids.data.services.edges[0].node.id}/commission?child=${encodeURIComponent(childId)}`);
    await visit(page, shot('commission-contract'), /Commission/);
    await page.locator('label', { hasText: `Under contract ${reference}` }).click();
    await page.fill('#units', '1');
    await page.fill('#rationale', `Contract e2e ${screen.name}: family work at home.`);
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect
      .poll(() => page.getByTestId('check-answers').getByText(`1 place under contract ${reference}`).count())
      .toBe(1);
    await page.getByRole('button', { name: 'Send commission' }).click();
    await page.waitForURL(/\/children\//);
    // The contract pays for the place: the card and the commission's page say so, not "× £0.00" (audit W-F5).
    const placeText = `1 place under contract ${reference} (£100.00 a place), paid by the contract`;
    const card = page.locator('.govuk-summary-card', { hasText: `Contract e2e ${screen.name}` });
    await expect.poll(() => card.textContent()).toContain(placeText);
    expect(await card.textContent()).not.toMatch(/× £0\.00/);
    await card.locator('.govuk-summary-card__title a').click();
    await visit(page, shot('commission-contract-detail'), /Family therapy sessions/);
    await expect.poll(() => page.locator('.govuk-summary-list').first().textContent()).toContain(placeText);
    expect(await page.locator('main').textContent()).not.toMatch(/× £0\.00/);
    // The provider is asked to accept the place as the contract's, not "for £0.00".
    const commissionPage = page.url();
    await switchTo(page, 'provider@demo.test');
    await page.goto(commissionPage);
    await visit(page, shot('commission-contract-provider'), /Family therapy sessions/);
    await page.getByRole('button', { name: 'Accept' }).click();
    await expect
      .poll(() => page.getByTestId('confirm').textContent())
      .toContain(`to deliver 1 place, paid under contract ${reference}.`);
    expect(await page.getByTestId('confirm').textContent()).not.toMatch(/£0\.00/);

    await switchTo(page, 'commissioner@demo.test');
    await page.goto('/contracts');
    await expect.poll(() => page.locator(`tr[data-reference="${reference}"] td`).nth(2).textContent()).toBe('1');
    expect(s.consoleErrors).toEqual([]);
  });

  it('a commissioner runs payments for a date, marks the run paid, and downloads it for finance', async () => {
    const { page } = s;
    await page.goto('/payment-runs');
    await visit(page, shot('runs'), 'Payment runs');
    await page.getByRole('button', { name: 'Create the run' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/real date/);
    // A slip of the year: runs pay in arrears, so the date is refused beside the field.
    expect(await page.getByTestId('confirm').count()).toBe(0); // not asked about a date it cannot read
    await fillDate(page, 'runDate', new Date('9999-12-31T12:00:00Z'));
    await page.getByRole('button', { name: 'Create the run' }).click();
    // A run cannot be deleted: the commissioner is asked first, with the date in words.
    await expect.poll(() => page.getByTestId('confirm').textContent()).toMatch(/payment run dated 31 December 9999/);
    expect(await page.locator('.govuk-error-summary').count()).toBe(0); // the unreadable date's error is gone
    await page.getByRole('button', { name: 'Yes, create the run' }).click();
    await expect.poll(() => page.locator('#runDate-error').textContent()).toMatch(/work already done/);
    // The first of next month, the latest a run may be dated: this month's contract places, taken
    // up since the seeded run (dated today), are due then. Read as the server reads it (London, on the
    // database clock): the machine's UTC month differs for an hour at a summer month's end.
    const [{ latest }] = rowsOf(
      await s.server.db.execute(sql`select to_char(date_trunc('month', now() at time zone 'Europe/London')
        + interval '1 month', 'YYYY-MM-DD') as "latest"`),
    ) as [{ latest: string }];
    await fillDate(page, 'runDate', new Date(`${latest}T12:00:00Z`));
    await page.getByRole('button', { name: 'Create the run' }).click();
    await page.getByRole('button', { name: 'Yes, create the run' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/PR-\w+ is created/);
    const run = /(PR-\w+)/.exec((await page.locator('.govuk-notification-banner--success').textContent())!)![1]!;
    await visit(page, shot('runs-created'), 'Payment runs');
    const section = page.locator('section', { has: page.getByRole('heading', { name: new RegExp(`^${run}:`) }) });
    const total = pounds((await section.locator('tfoot td').textContent())!);
    expect(total).toBeGreaterThan(0);

    const download = section.getByRole('link', { name: `Download ${run} for finance (CSV)` });
    // The address carries the run's opaque id, not a number decoded from it.
    expect(await download.getAttribute('href')).toMatch(
      /^\/exports\/payment-runs\/[A-Za-z0-9%]*[A-Za-z%][A-Za-z0-9%]*\.csv$/,
    );
    const file = page.waitForEvent('download');
    await download.click();
    const chunks: Buffer[] = [];
    for await (const chunk of await (await file).createReadStream()) chunks.push(chunk as Buffer);
    const rows: Record<string, string>[] = parse(Buffer.concat(chunks).toString(), { columns: true, bom: true });
    expect(rows.length).toBe(await section.locator('tbody tr').count());

    await section.getByRole('button', { name: `Mark ${run} paid` }).click();
    await expect
      .poll(() => section.locator('.govuk-error-summary').textContent())
      .toMatch(/finance system’s reference/);
    expect(await section.getByTestId('confirm').count()).toBe(0); // the reference is asked for first
    await section.locator('input[id^="finance-"]').fill(`BACS-${screen.name}`);
    await section.getByRole('button', { name: `Mark ${run} paid` }).click();
    await expect.poll(() => section.getByTestId('confirm').textContent()).toMatch(`under BACS-${screen.name}`);
    await section.getByRole('button', { name: 'Yes, it is paid' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(`${run} is marked paid`);
    await expect.poll(() => page.locator('body').textContent()).toMatch(`under BACS-${screen.name}`);
    await visit(page, shot('runs-paid'), 'Payment runs');
    expect(s.consoleErrors).toEqual([]);
  });

  it('a provider sees its contracts with places used and left, and its remittances', async () => {
    const { page } = s;
    await switchTo(page, 'provider@demo.test');
    await page.goto('/provider/contracts');
    await visit(page, shot('provider-contracts'), 'Your contracts');
    const row = page.locator(`tr[data-reference="${reference}"]`);
    await expect.poll(() => row.locator('td').nth(2).textContent()).toBe('1');
    await expect.poll(() => row.locator('td').nth(3).textContent()).toBe('2');
    await expect.poll(() => page.locator('table').getByRole('button').count()).toBe(0);
    await page.goto('/provider/remittances');
    await visit(page, shot('remittances'), 'Remittances');
    await expect.poll(() => page.locator('h2', { hasText: /^PR-\w+\/\d+:/ }).count()).toBeGreaterThanOrEqual(1);
    expect(s.consoleErrors).toEqual([]);
  });
});
