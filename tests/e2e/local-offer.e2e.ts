import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

// The local offer digest in the browser: a district lead opens it from the navigation (axe runs
// on each page visited), sees the demo's new, changed and withdrawn services, and downloads the PDF.
describe('the local offer', () => {
  let s: Session;
  beforeAll(async () => {
    s = await open();
  });
  afterAll(() => s.close());

  it('opens the printable digest and downloads it as a PDF', async () => {
    const { page } = s;
    await signIn(page, 'districtlead@demo.test');
    await page.goto('/local-offer');
    await visit(page, 'local-offer-index', 'Local offer');
    await page.getByRole('link', { name: 'Catford' }).click();
    await visit(page, 'local-offer-catford', 'Local offer: Catford');
    await expect.poll(() => page.getByText('Withdrawn since the last digest').count()).toBe(1);
    await expect.poll(() => page.getByText('Summer holiday reading club').count()).toBe(1);
    await expect
      .poll(() => page.locator('h3', { hasText: 'Social communication group' }).getByText('New').count())
      .toBe(1);
    const file = page.waitForEvent('download');
    await page.getByRole('link', { name: 'Download as PDF' }).click();
    const chunks: Buffer[] = [];
    for await (const chunk of await (await file).createReadStream()) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
