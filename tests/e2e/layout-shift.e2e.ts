import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Point 9 of issue 15 (no layout shift): nothing on screen moves while a page loads its session,
// its code and its data: the cumulative layout shift of each page stays within 0.05 (Lighthouse's
// "good" is 0.1). Each shift is listed with the elements that moved, so a failure says what to fix.
const PAGES = [
  { name: 'home', path: '/', heading: 'Find local services' },
  { name: 'search-results', path: '/?q=family', heading: 'Find local services' },
  { name: 'caseload', path: '/caseload', heading: /caseload/i, as: 'linkworker@demo.test' },
  { name: 'spend', path: '/spend', heading: 'Where the money goes', as: 'commissioner@demo.test' },
];

type Shift = { value: number; moved: string[] };

describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  beforeAll(async () => {
    s = await open(screen);
    await s.page.addInitScript(() => {
      const w = window as unknown as { shifts: Shift[] };
      w.shifts = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries() as (PerformanceEntry & {
          value: number;
          hadRecentInput: boolean;
          sources: { node?: Node }[];
        })[])
          if (!e.hadRecentInput)
            w.shifts.push({
              value: e.value,
              moved: e.sources.map((x) => `${x.node?.nodeName}.${(x.node as Element)?.className ?? ''}`),
            });
      }).observe({ type: 'layout-shift', buffered: true });
    });
  });
  afterAll(() => s.close());

  it.each(PAGES)('$name loads without moving what is on screen', async (p) => {
    const { page } = s;
    if (p.as) await signIn(page, p.as);
    // Slow the page down as a phone on a busy network would, so content arrives after first paint.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 150,
      downloadThroughput: 200_000,
      uploadThroughput: 90_000,
    });
    await page.goto(p.path);
    await visit(page, `layout-shift-${p.name}-${screen.name}`, p.heading);
    await page.waitForLoadState('networkidle');
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: 1 });
    await cdp.detach();
    const shifts = await page.evaluate(() => (window as unknown as { shifts: Shift[] }).shifts);
    const total = shifts.reduce((t, x) => t + x.value, 0);
    expect(total, JSON.stringify(shifts)).toBeLessThanOrEqual(0.05);
    await page.context().clearCookies();
    expect(s.consoleErrors).toEqual([]);
  });
});
