import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

describe('anyone: search the directory', () => {
  it('searches with filters kept in the URL, pages through, opens a service, and sees a postcode error', async () => {
    const { page } = s;
    await page.goto('/');
    await visit(page, 'search', 'Find local services');
    await page.fill('#q', 'therapy');
    await page.fill('#postcode', 'SE6');
    await page.selectOption('#within', '10');
    // Commissioning is for staff: signed out, its filter is not offered (audit W-F8).
    await page.waitForSelector('#maxPrice');
    expect(await page.locator('#commissionable').count()).toBe(0);
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=therapy/);
    expect(page.url()).toMatch(/postcode=SE6/);
    // Results for this search (each shows its distance), not the unfiltered list before it.
    await expect.poll(() => page.locator('.app-result').first().textContent()).toMatch(/miles? away/);
    await expect
      .poll(() => page.locator('[role=status]').first().textContent())
      .toMatch(/services? found, nearest to SE6 first/);
    await expect.poll(() => page.locator('.app-result').count()).toBeGreaterThan(0);
    await visit(page, 'search-results', 'Find local services');

    // The URL is the search: loading it fresh gives the same results.
    const first = await page.locator('.app-result h2').first().textContent();
    await page.goto(page.url());
    await page.waitForSelector('[data-testid=results][aria-busy=false] .app-result');
    await expect.poll(() => page.locator('.app-result h2').first().textContent()).toBe(first);

    // A shared link with the staff-only filter, signed out: it searches as without it, no error.
    await page.goto('/');
    await expect.poll(() => page.getByText(/services? found/).textContent()).toMatch(/\d/);
    const unfiltered = await page.getByText(/services? found/).textContent();
    await page.goto('/?commissionable=1');
    await expect.poll(() => page.getByText(/services? found/).textContent()).toBe(unfiltered);
    expect(await page.locator('.govuk-error-summary').count()).toBe(0);

    // Keep to one partnership: no other partnership's listings.
    await page.goto('/');
    await page.selectOption('#zone', 'other');
    await page.click('form[aria-label="Filter services"] button[type=submit]');
    await page.waitForURL(/zone=other/);
    await expect
      .poll(() => page.locator('.app-result h2').allTextContents())
      .toEqual(['Northfield family therapy', 'Northfield youth club']);

    await page.goto('/');
    await expect.poll(() => page.getByText('Next page').count()).toBe(1);
    await page.getByText('Next page').click();
    await page.waitForURL(/after=/);
    await expect.poll(() => page.getByText('Previous page').count()).toBe(1);

    await page.goto('/?q=family%20therapy');
    await page.getByRole('link', { name: 'Family therapy sessions' }).click();
    await visit(page, 'service', 'Family therapy sessions');
    await expect.poll(() => page.getByText('£45.00 a session').count()).toBeGreaterThan(0);

    await page.goto('/');
    await page.fill('#postcode', 'ZZ99 9ZZ');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('.govuk-error-summary').textContent()).toMatch(/We do not know the postcode/);
    await expect.poll(() => page.locator('#postcode-error').textContent()).toMatch(/We do not know the postcode/);
    await visit(page, 'search-error', 'Find local services');

    // A price the form cannot read: its error, and the last search's results hidden rather than
    // shown under it as if they were this search's (audit W-F7).
    await page.goto('/');
    await expect.poll(() => page.locator('.app-result').count()).toBeGreaterThan(0);
    await page.fill('#maxPrice', '10.999');
    await page.click('form[aria-label="Filter services"] button[type=submit]');
    await expect.poll(() => page.locator('#maxPrice-error').textContent()).toMatch(/Enter a maximum price/);
    expect(await page.locator('.app-result').count()).toBe(0);
    expect(await page.getByText(/services? found/).count()).toBe(0);
    await expect.poll(() => page.getByTestId('search-blocked').textContent()).toMatch(/Correct the search/);
    // A price in the address the search cannot use: the message names it and says what is wrong.
    await page.goto('/?maxPrice=0.5');
    await expect
      .poll(() => page.locator('.govuk-error-summary').textContent())
      .toMatch(/maximum price in the page’s address must be a whole number of pence, like 1250 for £12\.50/);
    expect(await page.locator('.app-result').count()).toBe(0);
    await visit(page, 'search-address-error', 'Find local services');
  });
});

describe('link worker', () => {
  it('signs in, sees the caseload and a child, commissions a service, hits the budget limit, cancels', async () => {
    const { page } = s;
    await page.goto('/sign-in');
    await visit(page, 'sign-in', 'Sign in');
    await page.fill('#email', 'linkworker@demo.test');
    await page.fill('#password', 'wrong-password');
    await page.click('button[type=submit]');
    await expect.poll(() => page.locator('#password-error').textContent()).toMatch(/Email or password is incorrect/);

    await signIn(page, 'linkworker@demo.test');
    expect(new URL(page.url()).pathname).toBe('/caseload');
    await page.getByRole('link', { name: 'Caseload', exact: true }).click();
    await visit(page, 'caseload', 'Your caseload');
    await expect.poll(() => page.locator('tbody tr').count()).toBeGreaterThanOrEqual(10);
    // Pages for other roles are not offered.
    await expect.poll(() => page.getByRole('link', { name: 'Approvals' }).count()).toBe(0);

    await page.locator('tbody tr').nth(2).locator('a').click();
    await page.waitForURL(/\/children\//);
    await page.waitForSelector('text=Every score recorded');
    await visit(page, 'child', /\w+ \w+/);
    // The outcomes section: the SDQ drawn as a chart, every score in the table beside it.
    await expect.poll(() => page.locator('svg.app-outcome-chart').count()).toBeGreaterThan(0);

    await page.goto('/?q=family%20therapy');
    await page.getByRole('link', { name: 'Family therapy sessions' }).click();
    await page
      .getByRole('button', { name: 'Commission for a child' })
      .or(page.getByRole('link', { name: 'Commission for a child' }))
      .first()
      .click();
    await visit(page, 'commission', /Commission Family therapy sessions/);
    // The third child of the caseload, found by reference with the child picker.
    const third = await s.server.gql(
      '{ viewer { caseload(first: 3) { edges { node { reference } } } } }',
      {},
      await s.server.signIn('linkworker@demo.test'),
    );
    const reference: string = third.data.viewer.caseload.edges[2].node.reference;
    await page.fill('#childId', reference);
    await page.locator(`#childId-${reference}`).check();
    await page.fill('#units', '40');
    await page.fill('#rationale', 'Family conflict is the main barrier to attendance.');
    await expect
      .poll(() => page.getByTestId('budget-preview').textContent())
      .toMatch(/more than the child’s budget has available/);
    // Over budget is said at the units box, as the server would, before Check your answers.
    await page.getByRole('button', { name: 'Continue' }).click();
    await expect.poll(() => page.locator('#units-error').textContent()).toMatch(/Not enough budget/);
    expect(await page.getByRole('button', { name: 'Send commission' }).count()).toBe(0);
    await visit(page, 'commission-over-budget', /Commission Family therapy sessions/);

    await page.fill('#units', '4');
    await expect.poll(() => page.getByTestId('budget-preview').textContent()).toMatch(/approved straight away/);
    await page.getByRole('button', { name: 'Continue' }).click();
    await page.getByRole('button', { name: 'Send commission' }).click();
    await page.waitForURL(/\/children\//);
    await expect
      .poll(() => page.locator('.govuk-summary-card').first().textContent())
      .toMatch(/Family therapy sessions/);
    await expect.poll(() => page.locator('.govuk-summary-card').first().textContent()).toMatch(/Approved/);

    await page.getByRole('button', { name: 'Cancel commission' }).first().click();
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await expect.poll(() => page.locator('#reason-error').textContent()).toMatch(/Give a reason/);
    await page.fill('#reason', 'Family moved out of the area');
    await page.getByRole('button', { name: 'Confirm cancellation' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Commission cancelled/);
    await visit(page, 'child-after-cancel', /\w+ \w+/);

    // Record an outcome: a bad score first, then a good one. The range is checked in the browser
    // (nothing sent) and the message names the measure, not its code (audit W-F4).
    const recordings: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/graphql') && r.postDataJSON()?.operationName === 'RecordOutcome') recordings.push(r.url());
    });
    await page.fill('#score', '41');
    await page.getByRole('button', { name: 'Record score' }).click();
    await expect
      .poll(() => page.locator('#score-error').textContent())
      .toMatch(/SDQ total difficulties is scored 0 to 40; 41 is outside that range/);
    expect(await page.locator('#score-error').textContent()).not.toMatch(/SDQ_TOTAL/);
    expect(recordings).toEqual([]);
    await page.fill('#score', '14');
    await page.getByRole('button', { name: 'Record score' }).click();
    await expect.poll(() => page.locator('.govuk-notification-banner').textContent()).toMatch(/Outcome recorded/);
    expect(recordings).toHaveLength(1);
    // A goal on another measure: its row in the score table says the measure's short name, not its code.
    await page.selectOption('#measure', 'GBO');
    // A goal score without its goal is refused in the browser in the server's own words.
    await page.fill('#score', '4');
    await page.getByRole('button', { name: 'Record score' }).click();
    await expect
      .poll(() => page.locator('#item-error').textContent())
      .toMatch(/Goal-Based Outcomes scores each goal: name the goal this score is for/);
    expect(recordings).toHaveLength(1);
    await page.fill('#item', 'Sleep through the night');
    await page.fill('#score', '4');
    await page.getByRole('button', { name: 'Record score' }).click();
    const goalRow = page.locator('tr', { hasText: 'Sleep through the night' });
    await expect.poll(() => goalRow.locator('[data-label="Measure"]').textContent()).toBe('Goal-Based Outcomes');
    expect(recordings).toHaveLength(2);
    expect(await page.locator('td[data-label="Measure"]', { hasText: /^(GBO|SDQ_TOTAL|SWEMWBS)$/ }).count()).toBe(0);

    await page.goto('/notifications');
    await visit(page, 'notifications', 'Notifications');
    expect(s.consoleErrors).toEqual([]);
  });
});

describe('keyboard alone', () => {
  it('skips to the content, searches, opens a result and signs in without a mouse', async () => {
    const { page } = s;
    await page.context().clearCookies();
    await page.goto('/');
    await page.waitForSelector('.app-result');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to main content');
    await page.keyboard.press('Enter');
    // Tab from the top of main to the search box and submit with Enter.
    await page.focus('#q');
    await page.keyboard.type('circus');
    await page.keyboard.press('Enter');
    await page.waitForURL(/q=circus/);
    await expect.poll(() => page.locator('.app-result h2 a').first().textContent()).toMatch(/circus/i);
    await page.locator('.app-result h2 a').first().focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/services\//);

    await page.goto('/sign-in');
    await page.focus('#email');
    await page.keyboard.type('provider2@demo.test');
    await page.keyboard.press('Tab');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('password');
    await page.keyboard.type('demo-password-123');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/provider\/commissions/);
    expect(s.consoleErrors).toEqual([]);
  });
});

describe('when the server cannot be reached', () => {
  it('says so clearly and offers to try again, instead of a blank page', async () => {
    const { page } = s;
    await page.route('**/graphql', (route) => route.abort('connectionrefused'));
    const errorsBefore = s.consoleErrors.length;
    await page.goto('/provider/commissions');
    // The GOV.UK "there is a problem with the service" page, as for a page whose code did not arrive.
    await expect.poll(() => page.locator('h1').textContent()).toBe('Sorry, there is a problem');
    await expect.poll(() => page.locator('[role=alert]').textContent()).toMatch(/could not reach the server/);
    await expect.poll(() => page.getByRole('button', { name: 'Try again' }).count()).toBe(1);
    await page.unroute('**/graphql');
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect.poll(() => page.locator('h1').textContent()).toBe('Incoming commissions');
    await expect.poll(() => page.getByText('could not reach the server').count()).toBe(0);
    // The refused requests themselves are the only console errors.
    expect(
      s.consoleErrors.slice(errorsBefore).every((e) => /Failed to load resource|ERR_CONNECTION_REFUSED/.test(e)),
    ).toBe(true);
  });
});
