import { describe, expect, it } from 'vitest';
import { foundText } from '../../web/src/pages/search/found-text';

describe('the search page’s count', () => {
  it('says the number when it is exact, and "more than" when the count stopped at its cap', () => {
    expect(foundText({ count: 1, capped: false })).toBe('1 service found');
    expect(foundText({ count: 0, capped: false })).toBe('0 services found');
    expect(foundText({ count: 1000, capped: false })).toBe('1,000 services found');
    expect(foundText({ count: 1000, capped: true })).toBe('More than 1,000 services found');
  });
});
