import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, SCREENS, type Session, signIn, visit } from './browser';

// Issue 14, point 9: a provider filters their listings by status, waiting for approval and needing
// review; the filters live in the address, with a count and an empty state naming what to remove.
describe.each(SCREENS)('listing filters on a $name screen', (screen) => {
  let s: Session;
  let published = 0;
  const shot = (name: string) => `listings-${name}-${screen.name}`;
  beforeAll(async () => {
    s = await open(screen);
    const token = await s.server.signIn('provider@demo.test');
    const res = await s.server.gql(
      `{ viewer { organisation { services(first: 100, status: [PUBLISHED]) { totalCount } } } }`,
      {},
      token,
    );
    published = res.data.viewer.organisation.services.totalCount;
  });
  afterAll(() => s.close());
  const count = () => s.page.getByTestId('listings-count').textContent();

  it('filters by status through the address and keeps it on reload', async () => {
    const { page } = s;
    await signIn(page, 'provider@demo.test');
    await page.goto('/provider/listings');
    await visit(page, shot('all'), 'Your listings');
    await page.selectOption('#status', 'PUBLISHED');
    await page.waitForURL((url) => url.searchParams.get('status') === 'PUBLISHED');
    await expect.poll(count).toBe(`${published} ${published === 1 ? 'listing matches' : 'listings match'}`);
    await page.reload();
    await visit(page, shot('published'), 'Your listings');
    await expect.poll(() => page.inputValue('#status')).toBe('PUBLISHED');
  });

  it('says which filter to remove when nothing matches', async () => {
    const { page } = s;
    await page.goto('/provider/listings?status=ARCHIVED&pending=yes');
    await visit(page, shot('empty'), 'Your listings');
    await expect.poll(count).toBe('0 listings match');
    await expect
      .poll(() => page.getByTestId('listings-empty').textContent())
      .toMatch(/Remove the filter on the status or “Waiting for approval”/);
    await page.uncheck('#pending');
    await page.waitForURL((url) => !url.searchParams.has('pending'));
  });
});
