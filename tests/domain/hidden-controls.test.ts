import { describe, expect, it } from 'vitest';
import { hasHiddenControls, withoutHiddenControls } from '../../schema/domain/text';
import { hiddenCharacterErrors } from '../../schema/hidden-characters';

// Audit finding F1: which characters count as hidden controls, at the edges of each range.
const hidden = [0x00, 0x08, 0x0b, 0x0c, 0x0e, 0x1b, 0x1f, 0x7f, 0x80, 0x85, 0x9f, 0x202a, 0x202e, 0x2066, 0x2069];
const kept = [0x09, 0x0a, 0x0d, 0x20, 0xa0, 0x200e, 0x200f, 0x061c, 0x200b, 0x2029, 0x206a, 0x202f, 0xfeff];
const hex = (c: number) => `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;

describe('hidden control characters', () => {
  for (const c of hidden)
    it(`${hex(c)} is one, and is removed`, () => {
      expect(hasHiddenControls(`a${String.fromCharCode(c)}b`)).toBe(true);
      expect(withoutHiddenControls(`a${String.fromCharCode(c)}b`)).toBe('ab');
    });
  for (const c of kept)
    it(`${hex(c)} is not`, () => expect(hasHiddenControls(`a${String.fromCharCode(c)}b`)).toBe(false));

  it('names each refused field by its path; passwords are never looked at', () => {
    const args = { input: { name: 'ok', locations: [{ accessibilityNotes: 'x\u202Ey' }], newPassword: '\u001B' } };
    expect(hiddenCharacterErrors(args)).toEqual([
      {
        path: ['input', 'locations', '0', 'accessibilityNotes'],
        message: 'Remove the hidden control characters from the accessibility notes',
      },
    ]);
  });
});
