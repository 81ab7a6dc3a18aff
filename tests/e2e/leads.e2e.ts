import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, schools, users } from '../../drizzle/schema';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 13 point 2: a school lead's school in aggregate, a district lead's pots and allocations,
// and an administrator inviting a lead; on a desktop and a phone, each page checked with axe.
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('a school lead sees their school by counts and references, then their district’s local offer, never a name', async () => {
    const { page } = s;
    await signIn(page, 'schoollead@demo.test');
    await page.waitForURL(/\/school$/);
    await visit(page, `school-overview-${screen.name}`, 'Rushey Green Primary School');
    await expect.poll(() => page.getByTestId('children-count').textContent()).toMatch(/\b7 children\b/);
    await expect.poll(() => page.getByTestId('outcomes').textContent()).toMatch(/no figure is shown/);
    // The measure by its short name, as elsewhere, with its full name as the abbreviation's expansion.
    const measure = page.getByTestId('outcomes').locator('abbr');
    expect(await measure.textContent()).toBe('SDQ total difficulties');
    expect(await measure.getAttribute('title')).toBe(
      'Strengths and Difficulties Questionnaire: total difficulties (parent report)',
    );
    // The school's 7 children: every provider has fewer than 10 of them, so none is named, only "Other".
    const providers = page.locator('section', { hasText: 'Commissions by provider' }).locator('tbody tr');
    await expect.poll(() => providers.count()).toBe(1);
    await expect.poll(() => providers.first().textContent()).toMatch(/Other \(fewer than 10 children each\)/);
    const names = await s.server.db.query.children.findMany({ columns: { firstName: true, lastName: true } });
    const text = (await page.locator('main').textContent()) ?? '';
    for (const c of names) expect(text).not.toContain(`${c.firstName} ${c.lastName}`);
    await page.getByRole('link', { name: 'The local offer for Catford' }).click();
    await page.waitForURL(/district=/);
    await visit(page, `school-local-offer-${screen.name}`, 'Find local services');
    await expect.poll(() => page.locator('.app-result').count()).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('district-filter').textContent()).toMatch(/serve your district/);
    // Leads cannot commission: no "Commission here" tags.
    await expect.poll(() => page.getByText('Commission here').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a district lead sees their pots and schools and allocates to a child of the district', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'districtlead@demo.test');
    await page.waitForURL(/\/district$/);
    await visit(page, `district-${screen.name}`, 'Catford');
    await expect.poll(() => page.getByTestId('utilisation').textContent()).toMatch(/% used/);
    // Its last figure says what it counts, not "left" (the pots table's "Remaining" is another sum).
    expect(await page.getByTestId('utilisation').textContent()).toMatch(/£[\d,.]+ not yet committed or spent \(/);
    await expect.poll(() => page.getByTestId('school-figures').locator('tbody tr').count()).toBeGreaterThan(0);
    const figures = await page.getByTestId('school-figures').locator('tbody').textContent();
    // Each school's row adds up on the page: available = allocated - reserved - spent.
    const pence = (text: string) => Math.round(Number(text.replace(/[£,]/g, '')) * 100);
    const rows = await page
      .getByTestId('school-figures')
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(rows.some((cells) => pence(cells[2]!) > 0)).toBe(true);
    for (const [, allocated, reserved, spent, available] of rows)
      expect(pence(allocated!) - pence(reserved!) - pence(spent!)).toBe(pence(available!));
    // The pots table is the shared one: money committed to contracts has its own column, and
    // Total - Allocated - Committed to contracts = Remaining on every row.
    const pots = page.getByTestId('funding-pots');
    expect(await pots.locator('thead').textContent()).toMatch(/Committed to contracts/);
    const potRows = await pots
      .locator('tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent ?? '')));
    expect(potRows.length).toBeGreaterThan(0);
    for (const [, total, allocated, committed, remaining] of potRows)
      expect(pence(total!) - pence(allocated!) - pence(committed!)).toBe(pence(remaining!));
    await page.selectOption('#potId', { index: 1 });
    await page.locator('#children input[type=checkbox]').first().check();
    // Over the per-child limit, however far over, and a third decimal place: each said on the page.
    for (const [typed, said] of [
      ['1000000000', 'At most £5,000 per child at once'],
      ['5000.01', 'At most £5,000 per child at once'],
      ['45.555', 'at most two places'],
    ]) {
      await page.fill('#amount', typed!);
      await page.getByRole('button', { name: 'Allocate' }).click();
      await expect.poll(() => page.locator('#amount-error').textContent()).toContain(said);
    }
    await page.fill('#amount', '10');
    await page.getByRole('button', { name: 'Allocate' }).click();
    await expect.poll(() => page.getByText('£10.00 allocated to 1 child.').count()).toBe(1);
    // The schools' figures are read again from the server after an allocation.
    await expect.poll(() => page.getByTestId('school-figures').locator('tbody').textContent()).not.toBe(figures);
    await visit(page, `district-allocated-${screen.name}`, 'Catford');
    await expect.poll(() => page.getByText('Commission here').count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });
});

// Issue 11 point 6: more than 100 children in the district. The schools' figures come from the
// server (exact), and the children to allocate to are pages a lead can walk through to the last.
describe('a district lead with 130 children in one new school', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open();
    const db = s.server.db;
    const [lead] = await db.select().from(users).where(eq(users.email, 'districtlead@demo.test'));
    const [lw] = await db.select().from(users).where(eq(users.email, 'linkworker@demo.test'));
    const [school] = await db
      .insert(schools)
      .values({
        zoneId: lead!.zoneId,
        districtId: lead!.districtId!,
        name: 'Aardvark Scale Primary',
        postcode: 'SE6 4RU',
        latitude: 51.44,
        longitude: -0.02,
      })
      .returning({ id: schools.id });
    await db.insert(children).values(
      Array.from({ length: 130 }, (_, i) => ({
        zoneId: lead!.zoneId,
        reference: `SCE-${String(i).padStart(5, '0')}`,
        firstName: 'Scale',
        lastName: `Child${i}`,
        dateOfBirth: '2016-01-01',
        yearGroup: 4,
        schoolId: school!.id,
        linkWorkerId: lw!.id,
        programmeStart: '2026-09-01',
        programmeEnd: '2027-07-31',
      })),
    );
  });
  afterAll(() => s.close());

  it('shows the school’s 130 children in its figures and reaches every child, page by page', async () => {
    const { page } = s;
    await signIn(page, 'districtlead@demo.test');
    await page.waitForURL(/\/district$/);
    await visit(page, 'district-at-scale', 'Catford');
    const first = page.getByTestId('school-figures').locator('tbody tr').first();
    await expect.poll(() => first.locator('th').textContent()).toBe('Aardvark Scale Primary');
    await expect.poll(() => first.locator('td').first().textContent()).toBe('130');
    await page.selectOption('#schoolFilter', { label: 'Aardvark Scale Primary' });
    await expect.poll(() => page.getByTestId('children-count').textContent()).toMatch(/^130 children at this school/);
    const seen = new Set<string>();
    for (let n = 0; n < 5; n++) {
      await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.includes('Loading'));
      await expect.poll(() => page.locator('#children input[type=checkbox]').count()).toBeGreaterThan(0);
      for (const id of await page.locator('#children input[type=checkbox]').evaluateAll((els) => els.map((e) => e.id)))
        seen.add(id);
      const next = page.getByRole('navigation', { name: 'Children pages' }).getByRole('button', { name: /Next page/ });
      if ((await next.count()) === 0) break;
      // A choice belongs to its page: the next page starts with none.
      await page.locator('#children input[type=checkbox]').first().check();
      const before = await page.locator('#children input[type=checkbox]').first().getAttribute('id');
      await next.click();
      await expect
        .poll(() => page.locator('#children input[type=checkbox]').first().getAttribute('id'))
        .not.toBe(before);
      await expect.poll(() => page.locator('#children input[type=checkbox]:checked').count()).toBe(0);
    }
    expect(seen.size).toBe(130);
    expect([...seen].every((id) => id.startsWith('child-SCE-'))).toBe(true);
    await visit(page, 'district-at-scale-last-page', 'Catford');
    expect(s.consoleErrors).toEqual([]);
  });
});

describe('an administrator invites a lead', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open();
  });
  afterAll(() => s.close());

  it('shows the district picker for a district lead and the school picker for a school lead', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/users');
    await visit(page, 'admin-invite-lead', 'Users');
    await page.fill('#name', 'Dana Lead');
    await page.fill('#email', 'dana.lead@demo.test');
    await page.selectOption('#role', 'SCHOOL_LEAD');
    await expect.poll(() => page.locator('#schoolId').count()).toBe(1);
    await page.selectOption('#role', 'DISTRICT_LEAD');
    await expect.poll(() => page.locator('#schoolId').count()).toBe(0);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/district/i);
    await page.selectOption('#districtId', { label: 'Catford' });
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => page.getByText(/We have emailed dana\.lead@demo\.test/).count()).toBe(1);
    await visit(page, 'admin-invited-lead', 'Users');
    expect(s.consoleErrors).toEqual([]);
  });
});
