import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { open, type Session, signIn, visit } from './browser';

let s: Session;
beforeAll(async () => {
  s = await open();
});
afterAll(() => s.close());

describe('input the server refuses before running the mutation', () => {
  it('shows the server’s reason in the error summary, not "could not save"', async () => {
    const { page } = s;
    await signIn(page, 'admin@demo.test');
    await page.goto('/admin/schools');
    await visit(page, 'schools', 'Schools and districts');
    await page.fill('#districtName', '\u200b\u200b\u200b');
    await page.getByRole('button', { name: 'Add district' }).click();
    const summary = page.locator('.govuk-error-summary');
    await expect.poll(() => summary.textContent()).toMatch(/input\.name is made only of invisible characters/);
    expect(await summary.textContent()).not.toMatch(/could not save/);
    await visit(page, 'schools-refused-input', 'Schools and districts');
    // The refusal is an HTTP 400, which Chromium logs by itself; nothing else may be logged.
    expect(s.consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
