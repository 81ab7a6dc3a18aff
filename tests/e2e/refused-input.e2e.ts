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

  it('a number too large to be one says so beside its box, not graphql-js’s "Int cannot represent"', async () => {
    const { page } = s;
    s.consoleErrors.length = 0;
    await signIn(page, 'commissioner@demo.test');
    await page.goto('/funding');
    await visit(page, 'funding', 'Funding');
    await page.selectOption('#potId', { index: 1 });
    await page.fill('#amount', '99999999');
    await page.locator('input[id^="child-"]').first().check();
    await page.click('form button[type=submit] >> text=Allocate');
    const said = 'This number is too large: enter a smaller one';
    await expect.poll(() => page.locator('#amount-error').textContent()).toContain(said);
    const summary = page.locator('.govuk-error-summary');
    expect(await summary.locator('a[href="#amount"]').textContent()).toBe(said);
    expect(await summary.textContent()).not.toMatch(/Variable|Int cannot|amountPence/);
    expect(await page.inputValue('#amount')).toBe('99999999');
    expect(s.consoleErrors.filter((e) => !/status of 400/.test(e))).toEqual([]);
  });
});
