import { describe, expect, it } from 'vitest';
import { parsePounds } from '../../web/src/lib/format';

// Every money field in the web app reads what people type through parsePounds. It used to drop every
// comma, so "12,50" (a decimal comma, as typed on many keyboards) allocated £1,250 and "40,50"
// published a listing at £4,050.
describe('parsePounds', () => {
  it('reads pounds as people type them in the UK', () => {
    expect(parsePounds('45')).toBe(4_500);
    expect(parsePounds('45.5')).toBe(4_550);
    expect(parsePounds(' £1,200 ')).toBe(120_000);
    expect(parsePounds('£ 12,000.50')).toBe(1_200_050);
    expect(parsePounds('1,234,567')).toBe(123_456_700);
    expect(parsePounds('0.01')).toBe(1);
  });

  it('refuses a decimal comma, a comma out of place and spaces inside the number, rather than guess', () => {
    for (const typed of ['12,50', '40,50', '99,99', '1,2', '12,5000', ',500', '1,200,', '12 50', '1.234,56', '£', ''])
      expect([typed, parsePounds(typed)]).toEqual([typed, null]);
  });
});
