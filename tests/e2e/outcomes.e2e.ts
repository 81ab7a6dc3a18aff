import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 12: the outcomes report, the measures page and the child page's chart, each axe-checked by visit().
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('a commissioner sees outcomes by service with the caveat, suppression, sorting and a CSV', async () => {
    const { page } = s;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/outcomes');
    await visit(page, `outcomes-${screen.name}`, 'Outcomes by service');
    await expect
      .poll(() => page.locator('.govuk-inset-text').textContent())
      .toMatch(/association, not proof of effect/);
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThan(1);
    const family = page.locator('tbody tr', { hasText: 'Family therapy sessions' });
    // 14 children of the demo cohort and one on a block contract place (README, Outcomes).
    await expect.poll(() => family.locator('td').first().textContent()).toBe('15');
    const circus = page.locator('tbody tr', { hasText: 'After-school circus club' });
    await expect.poll(() => circus.locator('td').first().textContent()).toBe('fewer than 10');
    // A suppressed row's comparison is hidden too.
    await expect.poll(() => circus.locator('td').nth(2).textContent()).toBe('fewer than 10');
    const header = page.locator('thead th').nth(1);
    await header.getByRole('button').click();
    await expect.poll(() => header.getAttribute('aria-sort')).toBe('descending');
    // The order is in the address: a reload keeps it, rows and all.
    await expect.poll(() => new URL(page.url()).searchParams.get('dir')).toBe('desc');
    expect(new URL(page.url()).searchParams.get('sort')).toBe('children');
    const sortedFirst = await page.locator('table').first().locator('tbody tr').first().textContent();
    await page.reload();
    await expect.poll(() => page.locator('thead th').nth(1).getAttribute('aria-sort')).toBe('descending');
    await expect.poll(() => page.locator('table').first().locator('tbody tr').first().textContent()).toBe(sortedFirst);
    // Sorted on the server: the suppressed circus row stays last, its figure never placing it.
    await expect
      .poll(() => page.locator('table').first().locator('tbody tr').last().textContent())
      .toMatch(/fewer than 10/);
    // The download reads the whole report from the server, not just the page shown.
    const file = page.waitForEvent('download');
    await page.getByRole('button', { name: 'Download the whole table (CSV)' }).click();
    const chunks: Buffer[] = [];
    for await (const chunk of await (await file).createReadStream()) chunks.push(chunk as Buffer);
    const csv = Buffer.concat(chunks).toString();
    expect(csv.split('\r\n')[0]).toMatch(
      /^\uFEFFservice,provider,suppressed,children,reliablyImproved,percentImproved/,
    );
    expect(csv).toMatch(/Family therapy sessions,Riverside Family Therapy,no,15,9,/);
    expect(csv).toMatch(
      /After-school circus club,Catford Circus Collective,yes,fewer than 10,,,,,yes,fewer than 10,,,,,\r?$/m,
    );
    expect(s.consoleErrors).toEqual([]);
  });

  it('an administrator sees each measure’s constants with their sources', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/measures');
    await visit(page, `measures-${screen.name}`, 'Outcome measures');
    const body = await page.locator('main').textContent();
    expect(body).toMatch(/Goodman/);
    expect(body).toMatch(/2\.45/);
    expect(body).toMatch(/electronic administration/i);
    expect(s.consoleErrors).toEqual([]);
  });

  it('a link worker sees a child’s outcomes as a chart with a table, and the schedule', async () => {
    const { page } = s;
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/caseload');
    await visit(page, `caseload-outcomes-${screen.name}`, 'Your caseload');
    await page.locator('tbody th a').first().click();
    await visit(page, `child-outcomes-${screen.name}`, /\w+ \w+/);
    await expect.poll(() => page.locator('svg.app-outcome-chart').count()).toBeGreaterThan(0);
    await expect.poll(() => page.locator('svg.app-outcome-chart').first().getAttribute('role')).toBe('img');
    // Its axis labels as drawn are readable on this screen and on the narrowest phone (they were 9 px at 320).
    const labelPixels = () =>
      page
        .locator('svg.app-outcome-chart')
        .first()
        .evaluate((svg) => {
          const text = svg.querySelector('text')!;
          return Number.parseFloat(getComputedStyle(text).fontSize) * (svg as SVGSVGElement).getScreenCTM()!.a;
        });
    for (const width of [screen.width, 320]) {
      await page.setViewportSize({ width, height: screen.height });
      const size = await labelPixels();
      expect(size, `chart labels at ${width} px`).toBeGreaterThanOrEqual(12);
      expect(size, `chart labels at ${width} px`).toBeLessThanOrEqual(19);
    }
    await page.setViewportSize({ width: screen.width, height: screen.height });
    await expect.poll(() => page.getByRole('heading', { name: 'Schedule' }).count()).toBe(1);
    // Charts and the change since baseline name each measure by its short name (a full name such as
    // "Short Warwick-Edinburgh Mental Wellbeing Scale (raw score)" overflowed a phone), the full name its expansion.
    const fullName = /\(parent report\)|\(raw score\)|\(0-10 per goal/;
    const named = page.locator('figure.app-chart figcaption, .govuk-summary-list__key:has(abbr)');
    const captions = await page.locator('figure.app-chart figcaption').allTextContents();
    expect(captions.length).toBeGreaterThan(0);
    for (const text of [...captions, ...(await named.allTextContents())]) expect(text).not.toMatch(fullName);
    expect(await page.locator('figure.app-chart figcaption abbr').count()).toBe(captions.length);
    for (const title of await page
      .locator('figure.app-chart figcaption abbr')
      .evaluateAll((els) => els.map((e) => e.getAttribute('title'))))
      expect(title).toMatch(fullName);
    const baseline = page.locator('h3:text-is("Change since baseline") + dl .govuk-summary-list__key');
    expect(await baseline.count()).toBeGreaterThan(0);
    for (const key of await baseline.all()) {
      expect(await key.textContent()).not.toMatch(fullName);
      expect(await key.locator('abbr').getAttribute('title')).toMatch(fullName);
    }
    const scores = page.locator('table', { hasText: 'Every score recorded' });
    await expect.poll(() => scores.locator('tbody tr').count()).toBeGreaterThan(1);
    // The whole table fits the screen (on a phone its rows stack, each cell named), no sideways scroll.
    const box = (await scores.boundingBox())!;
    expect(box.x + box.width).toBeLessThanOrEqual(screen.width);
    if (screen.width < 641)
      expect(
        await scores
          .locator('tbody td')
          .first()
          .evaluate((td) => getComputedStyle(td, '::before').content),
      ).toBe('"Date"');
    expect(s.consoleErrors).toEqual([]);
  });
});
