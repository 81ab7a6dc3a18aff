import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fundingPots, ledgerEntries, users, zones } from '../../drizzle/schema';
import { SESSION_COOKIE } from '../../server/context';
import { preLedgerPot } from '../setup/money';
import { open, type Session, signIn, visit } from './browser';

/** "£1,234.50" to pence. */
const pence = (text: string) => Math.round(Number(text.replace(/[£,\s]/g, '')) * 100);

type Pot = {
  name: string;
  totalPence: number;
  allocatedPence: number;
  contractCommittedPence: number;
  remainingPence: number;
};

describe('the funding page', () => {
  let s: Session;
  let pots: Pot[] = [];
  beforeAll(async () => {
    s = await open();
    const token = await s.server.signIn('commissioner@demo.test');
    const res = await s.server.gql(
      '{ fundingPots { name totalPence allocatedPence contractCommittedPence remainingPence } }',
      {},
      token,
    );
    pots = res.data.fundingPots;
  });
  afterAll(() => s.close());

  it('shows what is committed to contracts, so each pot’s columns add up to what the API says', async () => {
    const { page } = s;
    // The demo has block contracts: without their column, Total less Allocated is not Remaining.
    expect(pots.some((p) => p.contractCommittedPence > 0)).toBe(true);
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/funding');
    await visit(page, 'funding-columns', 'Funding');
    const rows = page
      .locator('table', { has: page.locator('caption', { hasText: 'Funding pots this period' }) })
      .locator('tbody tr');
    await expect.poll(() => rows.count()).toBeGreaterThan(0);
    for (const row of await rows.all()) {
      const name = (await row.locator('th').textContent())?.trim();
      const [total, allocated, committed, remaining] = (
        await row.locator('td.govuk-table__cell--numeric').allTextContents()
      ).map(pence);
      expect(total! - allocated! - committed!, name).toBe(remaining);
      const pot = pots.find((p) => p.name === name)!;
      expect([total, allocated, committed, remaining], name).toEqual([
        pot.totalPence,
        pot.allocatedPence,
        pot.contractCommittedPence,
        pot.remainingPence,
      ]);
    }
  });

  it('shows one error summary at a time, for the form just sent', async () => {
    const { page } = s;
    await page.click('form button[type=submit] >> text=Allocate');
    await expect.poll(() => page.locator('.govuk-error-summary').count()).toBe(1);
    await page.fill('#potTotal', 'lots');
    await page.getByRole('button', { name: 'Add pot' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/The pot could not be added/);
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await page.getByRole('button', { name: 'Change total' }).click();
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toMatch(/The total could not be changed/);
    expect(await page.locator('.govuk-error-summary').count()).toBe(1);
    await visit(page, 'funding-one-error-summary', 'Funding');
    // A pot added, then a second refused: the first's success banner goes, not left beside the error.
    await page.fill('#potName', 'Spring grant');
    await page.fill('#potTotal', '1,000.50');
    await page.getByRole('button', { name: 'Add pot' }).click();
    await expect
      .poll(() => page.locator('.govuk-notification-banner--success').textContent())
      .toMatch(/Funding pot added/);
    await page.fill('#potName', 'Another grant');
    await page.fill('#potTotal', '-5');
    await page.getByRole('button', { name: 'Add pot' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/The pot could not be added/);
    expect(await page.locator('.govuk-notification-banner--success').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });

  it('links each pot to the history of its total: rows newest first, and an unknown pot is not found', async () => {
    const { page } = s;
    const token = await s.server.signIn('commissioner@demo.test');
    const made = await s.server.gql(
      `mutation($input: CreateFundingPotInput!) { createFundingPot(input: $input) {
        ... on CreateFundingPotSuccess { fundingPot { id } } } }`,
      { input: { name: 'Winter grant', source: 'PHILANTHROPY', totalPence: 500_000 } },
      token,
    );
    const id = made.data.createFundingPot.fundingPot.id;
    const adjust = `mutation($input: AdjustFundingPotInput!) { adjustFundingPot(input: $input) { __typename } }`;
    await s.server.gql(adjust, { input: { fundingPotId: id, totalPence: 650_000, reason: 'Second gift' } }, token);
    await s.server.gql(adjust, { input: { fundingPotId: id, totalPence: 600_000, reason: 'Gift cut' } }, token);

    await page.goto('/funding');
    await page.getByRole('link', { name: 'History of Winter grant' }).click();
    await visit(page, 'funding-pot-history', 'Winter grant');
    expect(await page.getByTestId('pot-total').textContent()).toContain('£6,000.00');
    const rows = page.locator('#pot-history').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(3);
    const cells = async (i: number) =>
      (await rows.nth(i).locator('td').allTextContents()).slice(1).map((t) => t.trim());
    expect(await cells(0)).toEqual(['Lowered', '£500.00', 'Gift cut', expect.any(String)]);
    expect(await cells(1)).toEqual(['Raised', '£1,500.00', 'Second gift', expect.any(String)]);
    expect(await cells(2)).toEqual(['Raised', '£5,000.00', 'Pot created', expect.any(String)]);
    expect(await page.title()).toMatch(/^History of Winter grant/);

    // An unknown pot's page is 404 (as one this person may not see), a known one 200 to its commissioner.
    const unknown = `/funding/pots/${encodeURIComponent(Buffer.from('FundingPot:999999').toString('base64'))}`;
    const cookie = { cookie: `${SESSION_COOKIE}=${token}` };
    expect((await fetch(`${s.server.url}${unknown}`, { method: 'HEAD', headers: cookie })).status).toBe(404);
    expect((await fetch(`${s.server.url}/funding/pots/${encodeURIComponent(id)}`, { headers: cookie })).status).toBe(
      200,
    );
    expect((await fetch(`${s.server.url}/funding/pots/not-an-id`, { method: 'HEAD' })).status).toBe(404);
    await page.goto(unknown);
    await visit(page, 'funding-pot-not-found', 'Funding pot not found');
    // The browser notes the page's own 404, and nothing else went wrong.
    expect(s.consoleErrors).toEqual(['Failed to load resource: the server responded with a status of 404 (Not Found)']);
    s.consoleErrors.length = 0;
  });

  it('says the portal made a change with no one behind it (a pot credited by the ledger’s migration)', async () => {
    const { page } = s;
    const pot = await preLedgerPot(s.server.db, 'commissioner@demo.test');
    await page.goto(`/funding/pots/${encodeURIComponent(Buffer.from(`FundingPot:${pot.id}`).toString('base64'))}`);
    await visit(page, 'funding-pot-history-portal', 'Pre-ledger pot');
    const rows = page.locator('#pot-history').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(1);
    const cells = (await rows.first().locator('td').allTextContents()).map((t) => t.trim());
    expect(cells.at(-1)).toBe('The portal');
    expect(s.consoleErrors).toEqual([]);
  });
});
