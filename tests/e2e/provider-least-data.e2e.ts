import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// Least data: a provider may see a commission's child only while it is live (approved or accepted,
// not paused). The server answers null (not a refusal) for the rest, so the list asks for every
// row's child in its one query, no answer carries a refusal, and the child still shows where it may.
type Row = { id: string; reference: string; status: string; pausedAt: string | null };
const live = (c: Row) => (c.status === 'APPROVED' || c.status === 'ACCEPTED') && !c.pausedAt;

describe('a provider’s commissions ask only for what the provider may see', () => {
  let s: Session;
  let rows: Row[] = [];
  const errors: string[] = [];
  const operations: string[] = [];
  beforeAll(async () => {
    s = await open();
    const token = await s.server.signIn('provider@demo.test');
    const res = await s.server.gql(
      '{ commissions(first: 100) { edges { node { id reference status pausedAt } } } }',
      {},
      token,
    );
    rows = res.data.commissions.edges.map((e: { node: Row }) => e.node);
    s.page.on('request', (request) => {
      const name = request.url().endsWith('/graphql') ? request.postDataJSON()?.operationName : undefined;
      if (name) operations.push(name);
    });
    s.page.on('response', async (response) => {
      if (!response.url().endsWith('/graphql')) return;
      const body = (await response.json().catch(() => ({}))) as { errors?: { message: string }[] };
      for (const e of body.errors ?? []) errors.push(e.message);
    });
  });
  afterAll(() => s.close());

  it('the list: no refused fields, and live commissions still name the child', async () => {
    const { page } = s;
    expect(rows.some(live)).toBe(true);
    expect(rows.some((c) => !live(c))).toBe(true);
    await signIn(page, 'provider@demo.test');
    // Queries counted from here: signing in may land on this list already (a provider's home), and
    // on a loaded machine that page sent its own query before the reload below (refusals still count).
    operations.length = 0;
    await page.goto('/provider/commissions');
    await visit(page, 'provider-least-data-list', 'Incoming commissions');
    // The first page holds closed commissions (whose child was refused before) and live ones.
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Completed|Declined|Cancelled|Expired/);
    await expect.poll(() => page.locator('.govuk-summary-list__key', { hasText: 'Child' }).count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    // One query for the page's commissions and their children, not one more per card.
    expect(operations.filter((o) => o === 'Commissions')).toHaveLength(1);
    expect(operations).not.toContain('CommissionChild');
  });

  it('a closed commission’s page: no refused fields and no child; a live one’s names the child', async () => {
    const { page } = s;
    const closed = rows.find((c) => !live(c))!;
    await page.goto(`/commissions/${encodeURIComponent(closed.id)}`);
    await visit(page, 'provider-least-data-closed', /./);
    await expect.poll(() => page.locator('.govuk-summary-list').textContent()).toContain(closed.reference);
    expect(await page.locator('.govuk-summary-list__key', { hasText: 'Child' }).count()).toBe(0);
    const open = rows.find(live)!;
    await page.goto(`/commissions/${encodeURIComponent(open.id)}`);
    await expect.poll(() => page.locator('.govuk-summary-list__key', { hasText: 'Child' }).count()).toBe(1);
    await visit(page, 'provider-least-data-live', /./);
    expect(errors).toEqual([]);
    expect(s.consoleErrors).toEqual([]);
  });
});
