import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { type Browser, chromium, type Page, type Route } from 'playwright-core';
import { expect } from 'vitest';
import { DEMO_PASSWORD, startServer, TEST_NOW, type TestServer } from '../setup/server';

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const SHOTS = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

export type Session = {
  server: TestServer;
  browser: Browser;
  page: Page;
  consoleErrors: string[];
  close: () => Promise<void>;
};

export type Screen = { name: string; width: number; height: number };
/** The two screens every journey is tried on: a desktop and a phone (390 px, an iPhone 12 to 15). */
export const SCREENS: Screen[] = [
  { name: 'desktop', width: 1280, height: 900 },
  { name: 'phone', width: 390, height: 844 },
];

/** A fresh server over the demo seed and a Chromium page; console errors are collected to fail the test. */
export async function open(screen: Screen = SCREENS[0]!): Promise<Session> {
  const server = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  const page = await browser.newPage({
    viewport: { width: screen.width, height: screen.height },
    baseURL: server.url,
  });
  // The page's clock starts at the test server's fixed "now" and runs on from there, so the browser's
  // today (a date field's default) is the server's today, whatever day the suite runs.
  await page.clock.install({ time: TEST_NOW });
  const consoleErrors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  return {
    server,
    browser,
    page,
    consoleErrors,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/**
 * Runs axe-core on the page once it is drawn (a main landmark and a heading); any violation fails
 * the test, named. On a throttled, loaded machine the document can still be replaced between the
 * caller's checks and axe (a navigation committing late): axe is then injected again into the new
 * document and run once it is drawn, rather than judging a blank page or a destroyed one.
 */
export async function expectAccessible(page: Page, where: string) {
  let violations: string[] | null = null;
  for (let attempt = 0; violations === null && attempt < 3; attempt++) {
    await page
      .waitForFunction(() => document.querySelector('main') && document.querySelector('h1'), null, { timeout: 15_000 })
      .catch(() => expect.fail(`axe on ${where}: the page has no main landmark or no h1`));
    // Evaluated through DevTools, not a <script> tag, so the page keeps its real CSP.
    violations = await page
      .evaluate(AXE)
      .then(() =>
        page.evaluate(async () => {
          // biome-ignore lint/suspicious/noExplicitAny: axe is injected at run time.
          const axe = (window as any).axe;
          if (!axe || !document.querySelector('main')) return null;
          const result = await axe.run(document, { resultTypes: ['violations'] });
          return result.violations.map(
            (v: { id: string; help: string; nodes: { target: string[] }[] }) =>
              `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`,
          ) as string[];
        }),
      )
      .catch((e: Error) => {
        if (/context was destroyed|navigat/i.test(e.message)) return null;
        throw e;
      });
  }
  expect(violations, `axe on ${where}`).toEqual([]);
}

/** Nothing is wider than the screen: the page never scrolls sideways (tables scroll in their own box). */
export async function expectFits(page: Page, where: string) {
  const overflow = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth,
    screen: window.innerWidth,
    widest: [...document.querySelectorAll('body *')]
      // Inside a scroll box is fine; the box itself must fit.
      .filter(
        (e) => e.getBoundingClientRect().right > window.innerWidth + 1 && !e.parentElement?.closest('.app-scroll'),
      )
      .slice(0, 3)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className}`),
  }));
  expect(overflow, `page width on ${where}`).toEqual({ width: overflow.screen, screen: overflow.screen, widest: [] });
}

/** Waits for the page to settle, checks it with axe, checks its title, saves a screenshot. */
export async function visit(page: Page, name: string, heading: string | RegExp) {
  await expect.poll(() => page.locator('h1').first().textContent(), { timeout: 15_000 }).toMatch(heading);
  await page.waitForFunction(() => !document.querySelector('[role=status]')?.textContent?.includes('Loading'));
  expect(await page.title()).toMatch(/– Partnership portal$/);
  await expectAccessible(page, name);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
  await expectFits(page, name);
}

export async function signIn(page: Page, email: string) {
  await page.goto('/sign-in');
  await page.fill('#email', email);
  await page.fill('#password', DEMO_PASSWORD);
  await page.click('button[type=submit]');
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

/**
 * The next request for `operationName` reaches the server and is answered, but the answer never
 * reaches the page (the connection drops). `lost()` says whether that has happened; `restore()`
 * stops intercepting.
 */
export async function loseAnswerTo(page: Page, operationName: string) {
  let taken = false;
  let lost = false;
  const handler = async (route: Route) => {
    if (taken || !route.request().postData()?.includes(operationName)) return route.continue();
    taken = true;
    await route.fetch();
    await route.abort('connectionreset');
    // Only now: restoring while the answer is still on its way would hand the request on instead.
    lost = true;
  };
  await page.route('**/graphql', handler);
  return { lost: () => lost, restore: () => page.unroute('**/graphql', handler) };
}
