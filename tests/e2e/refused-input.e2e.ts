import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

describe('input the server refuses before running the mutation', () => {
  it('says what to fix beside the box and in the summary, in words for people, not "could not save"', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/schools');
    await visit(page, 'schools', 'Schools and districts');
    await page.fill('#districtName', '\u200b\u200b\u200b');
    await page.getByRole('button', { name: 'Add district' }).click();
    const said = 'Enter letters or numbers: this box holds only invisible characters';
    // Beside the box the server named (input.name is this form's districtName) ...
    await expect.poll(() => page.locator('#districtName-error').textContent()).toContain(said);
    // ... and in the summary, linking to it; never the API's own words or a "try again".
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.locator('a[href="#districtName"]').textContent()).toBe(said);
    expect(await summary.textContent()).not.toMatch(/could not save|Variable|input\.name/);
    await visit(page, 'schools-refused-input', 'Schools and districts');
    // The refusal is an HTTP 400, which Chromium logs by itself; nothing else may be logged.
    expect(s.consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
