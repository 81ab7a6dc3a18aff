import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PASSWORD } from '../setup/server';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Points 1 and 2 of issue 15: sign-in with a way back, sessions that end elsewhere, pages of
// another role, and a page whose code cannot be fetched (offline, server restarting).
describe.each(SCREENS)('on a $name screen', (screen) => {
  let s: Session;
  const shot = (name: string) => `${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
  });
  afterAll(() => s.close());

  it('sends a signed-out person to sign in, then back to the page they asked for', async () => {
    const { page } = s;
    await page.goto('/caseload?from=test');
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/caseload?from=test');
    await visit(page, shot('sign-in-next'), 'Sign in');
    await expect.poll(() => page.getByText('You will go straight back to it').count()).toBe(1);
    await page.fill('#email', 'linkworker@demo.test');
    await page.fill('#password', DEMO_PASSWORD);
    await page.click('button[type=submit]');
    await page.waitForURL((url) => url.pathname === '/caseload');
    expect(new URL(page.url()).search).toBe('?from=test');
    await visit(page, shot('caseload-after-sign-in'), 'Your caseload');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
    expect(s.consoleErrors).toEqual([]);
  });

  it('never follows a next address that leads off the portal', async () => {
    const { page } = s;
    // '/%2Fevil.example': an encoded slash, another host once decoded; home, not a page that cannot exist (audit W-F9).
    for (const next of [
      '//evil.example/x',
      'https://evil.example/',
      '/\\evil.example',
      'javascript:alert(1)',
      '/%2Fevil.example',
    ]) {
      await page.context().clearCookies();
      await page.goto(`/sign-in?next=${encodeURIComponent(next)}`);
      await page.fill('#email', 'linkworker@demo.test');
      await page.fill('#password', DEMO_PASSWORD);
      await page.click('button[type=submit]');
      await page.waitForURL((url) => url.pathname === '/caseload');
      expect(new URL(page.url()).host).toBe(new URL(s.server.url).host);
    }
  });

  it('notices a session ended elsewhere on the next request, and sends the person to sign in', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/caseload');
    await visit(page, shot('caseload-signed-in'), 'Your caseload');
    await expect.poll(() => page.locator('.app-header__account').textContent()).toMatch(/Sam|\w+/);
    // The session ends somewhere else (another tab signs out; the server forgets it).
    await page.evaluate(() =>
      fetch('/graphql', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { signOut { __typename } }' }),
      }),
    );
    // The next page asked for finds out, and the header no longer shows their name.
    await page.locator('tbody tr a').first().click();
    await page.waitForURL((url) => url.pathname === '/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toMatch(/^\/children\//);
    await expect.poll(() => page.locator('.app-header__account').count()).toBe(0);
    await expect.poll(() => page.getByText('Child not found').count()).toBe(0);
    await visit(page, shot('sign-in-after-expiry'), 'Sign in');
  });

  it('tells a link worker plainly that the approvals page is not for them', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await signIn(page, 'linkworker@demo.test');
    await page.goto('/approvals');
    await visit(page, shot('not-for-you'), 'This page is not for your account');
    await expect.poll(() => page.getByText('only for commissioners').count()).toBe(1);
    await expect.poll(() => page.getByRole('button', { name: 'Approve' }).count()).toBe(0);
    await expect.poll(() => page.getByRole('button', { name: 'Try again' }).count()).toBe(0);
    expect(s.consoleErrors).toEqual([]);
  });

  it('shows an error with a retry when a page cannot load, and recovers on its own when the connection is back', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await page.goto('/?q=family%20therapy');
    await page.waitForSelector('.app-result h2 a');
    await visit(page, shot('search-before-blip'), 'Find local services');
    // The service page's code is not loaded yet; the connection drops.
    await page.context().setOffline(true);
    await page.getByRole('link', { name: 'Family therapy sessions' }).click();
    await visit(page, shot('page-load-failed'), 'Sorry, there is a problem');
    await expect.poll(() => page.title()).toMatch(/^Sorry, there is a problem/);
    await expect.poll(() => page.locator('main').textContent()).toMatch(/Check your connection/);
    await expect.poll(() => page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    // Back online: the page loads by itself, without a reload.
    await page.context().setOffline(false);
    await visit(page, shot('page-after-blip'), 'Family therapy sessions');
    await expect.poll(() => page.getByText('£45.00 a session').count()).toBeGreaterThan(0);
    // And the router still works: other pages open as usual.
    await page.getByRole('link', { name: 'Partnership portal' }).click();
    await visit(page, shot('search-after-blip'), 'Find local services');

    // The server restarting (requests refused, no "offline" event): the page retries until it loads.
    await page.route('**/assets/*.js', (route) => route.abort('connectionrefused'));
    await page.goto('/sign-in');
    await page.unroute('**/assets/*.js');
    await page.goto('/');
    await page.waitForSelector('.app-result h2 a');
    await page.route('**/assets/NotFoundPage-*.js', (route) => route.abort('connectionrefused'));
    await page.evaluate(() => {
      history.pushState({}, '', '/no-such-page');
      dispatchEvent(new PopStateEvent('popstate'));
    });
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sorry, there is a problem');
    await page.unroute('**/assets/NotFoundPage-*.js');
    await expect.poll(() => page.locator('h1').textContent(), { timeout: 15_000 }).toBe('Page not found');
    // Only the refused requests themselves reached the console.
    expect(
      s.consoleErrors.filter(
        (e) =>
          !/Failed to load resource|ERR_INTERNET_DISCONNECTED|ERR_CONNECTION_REFUSED|Failed to fetch dynamically imported module/.test(
            e,
          ),
      ),
    ).toEqual([]);
  });
});
