// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { safeNext } from '../../web/src/lib/session';

// After signing in, people go back to the page they asked for (?next=), only ever one of ours.
describe('where sign-in sends people back to', () => {
  it('keeps our own paths, with their query and fragment', () => {
    expect(safeNext('/caseload')).toBe('/caseload');
    expect(safeNext('/services?q=play%20therapy#results')).toBe('/services?q=play%20therapy#results');
    expect(safeNext('/x/../caseload')).toBe('/caseload');
  });
  it('refuses other hosts, however the path is written, and the sign-in page itself', () => {
    for (const next of [
      'https://evil.com',
      '//evil.com',
      '/\\evil.com',
      '/.//evil.com',
      '/x/..//evil.com',
      '/./\\evil.com',
      '/%2e//evil.com',
      'javascript:alert(1)',
      '/sign-in?next=/caseload',
      '',
      null,
    ])
      expect(safeNext(next), String(next)).toBeNull();
  });
});
