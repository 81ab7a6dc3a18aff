import { describe, expect, it } from 'vitest';
import { ContactSchema } from '../../schema/domain/listing';
import { PHONE_MESSAGE, PHONE_NUMBER, PHONE_NUMBER_OR_BLANK } from '../../schema/domain/listing-limits';
import { readOrukRecord } from '../../schema/domain/openreferral/from-oruk';
import { generateFeed } from '../oruk/generate-feed';

// One phone-number rule (listing-limits.ts) for every form and the import: a number one takes,
// the others take too, so an imported phone can be saved again as it is.

const NUMBERS = ['020 7946 0000', '+44 (0)20 7946 0000', '0800-123-456', '1234567', '12345', 'call us', '0'.repeat(21)];

describe('the phone-number rule', () => {
  it('is the one a listing contact, an organisation form and an import all apply', () => {
    expect(PHONE_NUMBER.test('020 7946 0000')).toBe(true);
    expect(PHONE_NUMBER.test('12345')).toBe(false);
    expect(PHONE_NUMBER_OR_BLANK.test('')).toBe(true);
    for (const number of NUMBERS) {
      const ok = PHONE_NUMBER.test(number);
      expect(PHONE_NUMBER_OR_BLANK.test(number)).toBe(ok);
      const contact = ContactSchema.safeParse({ phones: [{ number }] });
      expect(contact.success).toBe(ok);
      if (!contact.success) expect(contact.error.issues[0]!.message).toBe(PHONE_MESSAGE);
      // biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
      const [record] = generateFeed(1, { prefix: 'phone-rule', brokenEvery: 1000 }).services as any[];
      const { org } = readOrukRecord({ ...record, organization: { ...record.organization, phones: [{ number }] } });
      expect(org?.phone ?? null).toBe(ok ? number : null);
    }
  });
});
