import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

const money = (pence: number) =>
  new Intl.NumberFormat('en-GB', { style: 'currency', currency: 'GBP' }).format(pence / 100);

const PIPELINE = `{ providerPipeline { acceptedCount acceptedUnitsLeft acceptedValueLeftPence contractPlacesLeft
  contracts { reference } months { month totalPence } } }`;

// Issue 13 point 5: the provider's Pipeline page and the commissioners' "Contracts ending soon",
// on the demo seed, axe-checked by visit(), at desktop and 390 px.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `pipeline-${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('a provider opens Pipeline from the menu and reads the figures the API gives, month by month', async () => {
    const { page } = s;
    await signIn(page, 'provider@demo.test');
    const api = (await s.server.gql(PIPELINE, {}, await s.server.signIn('provider@demo.test'))).data.providerPipeline;
    // The demo has accepted work in progress and a running contract for this provider.
    expect(api.acceptedCount).toBeGreaterThan(0);
    expect(api.contracts.length).toBeGreaterThan(0);

    if (screen.width < 600) await page.getByRole('button', { name: /^Menu/ }).click();
    await page.getByRole('link', { name: 'Pipeline', exact: true }).click();
    await page.waitForURL('**/provider/pipeline');
    await visit(page, shot('provider'), 'Pipeline');
    await expect
      .poll(() => page.getByTestId('accepted').textContent())
      .toBe(
        `${api.acceptedCount} commission${api.acceptedCount === 1 ? '' : 's'}: ${api.acceptedUnitsLeft} unit${api.acceptedUnitsLeft === 1 ? '' : 's'} left to deliver, worth ${money(api.acceptedValueLeftPence)}`,
      );
    // Twelve months in the table, each the API's figure; the chart draws the same twelve.
    const rows = page.getByTestId('pipeline-months').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(12);
    const totals = await rows.locator('td:last-child').allTextContents();
    expect(totals).toEqual(api.months.map((m: { totalPence: number }) => money(m.totalPence)));
    expect(await page.locator('svg.app-pipeline-chart g[data-month]').count()).toBe(12);
    // Contracts with their end dates, soonest first.
    const refs = await page
      .getByTestId('pipeline-contracts')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-reference')));
    expect(refs).toEqual(api.contracts.map((c: { reference: string }) => c.reference));
    expect(s.consoleErrors).toEqual([]);
  });

  it('a commissioner sees contracts ending within 3 and 6 months with uptake, sorts them, follows a link', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'commissioner@demo.test');
    // Besides the demo's, a contract ending in April 2027: within 6 months of 30 November 2026, not 3.
    const token = await s.server.signIn('commissioner@demo.test');
    const api = (q: string, v: Record<string, unknown>) => s.server.gql(q, v, token).then((r) => r.data);
    const { fundingPots, services } = await api(
      `{ fundingPots { id remainingPence } services(first: 100, filter: { commissionableOnly: true }) { edges { node { id name } } } }`,
      {},
    );
    const created = await api(
      `mutation($input: CreateContractInput!) { createContract(input: $input) { ... on CreateContractSuccess { contract { id reference } } } }`,
      {
        input: {
          serviceId: services.edges.find((e: { node: { name: string } }) => e.node.name === 'After-school circus club')
            .node.id,
          fundingPotId: fundingPots.find((p: { remainingPence: number }) => p.remainingPence >= 40_000).id,
          places: 4,
          pricePerPlacePence: 10_000,
          startDate: '2026-11-01',
          endDate: '2027-04-30',
        },
      },
    );
    const april = created.createContract.contract;
    const signed = await api(`mutation($input: SignContractInput!) { signContract(input: $input) { __typename } }`, {
      input: { contractId: april.id },
    });
    expect(signed.signContract.__typename).toBe('SignContractSuccess');
    // From the contracts page, its own page.
    await page.goto('/contracts');
    await visit(page, shot('contracts'), 'Contracts');
    await page.getByRole('link', { name: 'Contracts ending soon', exact: true }).click();
    await page.waitForURL('**/contracts/ending-soon');
    await visit(page, shot('ending-soon'), 'Contracts ending soon');
    const table = page.getByTestId('ending-soon');
    // The demo's first contract ends within 3 months.
    await expect.poll(() => table.locator('tbody tr').count()).toBeGreaterThan(0);
    const three = await table.locator('tbody tr').count();
    const first = await table.locator('tbody tr').first().getAttribute('data-reference');
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toMatch(/\d+ of \d+ \(\d+%\)/);
    await expect.poll(() => table.locator('tbody tr').first().textContent()).toMatch(/£[\d,.]+ of £[\d,.]+/);

    expect(await table.locator(`tr[data-reference="${april.reference}"]`).count()).toBe(0);
    await page.selectOption('#endingSoonMonths', '6');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(three + 1);
    await expect
      .poll(() => table.locator(`tr[data-reference="${april.reference}"]`).textContent())
      .toMatch(/0 of 4 \(0%\).*£0\.00 of £400\.00/);
    // Sorting by places used: the header says so, and the rows follow.
    await table.getByRole('button', { name: 'Places used' }).click();
    await expect.poll(() => table.locator('th[aria-sort="ascending"]').textContent()).toBe('Places used');
    // The header says so at once; the rows follow when the sorted page arrives.
    const shares = () =>
      table
        .locator('tbody tr td:nth-of-type(3)')
        .evaluateAll((tds) => tds.map((td) => Number(/\((\d+)%\)/.exec(td.textContent ?? '')?.[1])));
    await expect
      .poll(async () => {
        const now = await shares();
        return now.join() === [...now].sort((a, b) => a - b).join();
      })
      .toBe(true);
    await expect.poll(() => table.locator('tbody tr').first().getAttribute('data-reference')).toBe(april.reference);
    await table.getByRole('button', { name: 'Places used' }).click();
    await expect.poll(() => table.locator('th[aria-sort="descending"]').textContent()).toBe('Places used');
    await expect.poll(() => table.locator('tbody tr').last().getAttribute('data-reference')).toBe(april.reference);
    // The months and the order are in the address: a reload keeps both.
    await expect.poll(() => new URL(page.url()).search).toMatch(/dir=desc/);
    const query = new URL(page.url()).searchParams;
    expect([query.get('within'), query.get('sort'), query.get('dir')]).toEqual(['6', 'UPTAKE', 'desc']);
    await page.reload();
    await expect.poll(() => table.locator('th[aria-sort="descending"]').textContent()).toBe('Places used');
    await expect.poll(() => table.locator('tbody tr').last().getAttribute('data-reference')).toBe(april.reference);
    expect(await page.locator('#endingSoonMonths').inputValue()).toBe('6');
    await visit(page, shot('ending-soon-sorted'), 'Contracts ending soon');

    // The link leads to the contract's row on the contracts page.
    await table.getByRole('link', { name: first!, exact: true }).click();
    await expect.poll(() => new URL(page.url()).hash).toBe(`#contract-${first}`);
    expect(new URL(page.url()).pathname).toBe('/contracts');
    await expect.poll(() => page.locator(`#contract-${first}`).count()).toBe(1);
    expect(s.consoleErrors).toEqual([]);
  });
});
