import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { children } from '../../drizzle/schema';
import { holdsSurname } from '../../schema/domain/surname-check';
import { freeChildren, raiseMutation, serviceId, snapshot } from '../setup/money';
import { globalId, startServer, type TestServer } from '../setup/server';

// Audit 66 D: a child's full name typed into a commission's rationale reached the commissioners
// (who know children by reference) and the CSV export; in the request, the provider (who knows
// the first name). The form asks for no surname; the API now refuses one, writing nothing.

let s: TestServer;
let child: typeof children.$inferSelect;
let therapy: number;
beforeAll(async () => {
  s = await startServer();
  child = (await freeChildren(s.db, 'linkworker@demo.test'))[0]!;
  therapy = await serviceId(s.db, 'Family therapy sessions');
  await s.signIn('linkworker@demo.test'); // signing in is audited: before the snapshots
}, 60_000);
afterAll(() => s.close());

let key = 0;
const raise = async (text: { rationale?: string; requestToProvider?: string }) =>
  (
    await s.gql(
      raiseMutation,
      {
        input: {
          childId: globalId('Child', child.id),
          serviceId: globalId('Service', therapy),
          units: 1,
          rationale: 'Agreed at the family review.',
          idempotencyKey: `surname-key-${++key}`,
          ...text,
        },
      },
      await s.signIn('linkworker@demo.test'),
    )
  ).data.raiseCommission;

const REFUSED =
  'Leave out the child’s surname (even where it is also an ordinary word): the people who read this know the child by reference';

describe('the child’s surname in a commission’s free text', () => {
  it('is refused in the rationale and in the request, in any case or accent, and nothing is written', async () => {
    const surname = child.lastName!;
    const before = await snapshot(s.db);
    for (const [field, text] of [
      ['rationale', `${child.firstName} ${surname} needs this after the review.`],
      ['rationale', `Agreed with the ${surname.toUpperCase()} family.`],
      ['requestToProvider', `Please see ${child.firstName} ${surname.toLowerCase()}'s mum first.`],
    ] as const) {
      const res = await raise({ [field]: text });
      expect(res, text).toEqual({
        __typename: 'ValidationError',
        message: expect.any(String),
        fieldErrors: [{ path: ['input', field], message: REFUSED }],
      });
    }
    expect(await snapshot(s.db)).toEqual(before);
  });

  it('the first name alone, and words that only contain the surname, go through', async () => {
    const res = await raise({
      rationale: `${child.firstName} agreed at the family review.`,
      requestToProvider: `Sessions for ${child.firstName} after school; ${child.lastName!.toLowerCase()}x is not a word.`,
    });
    expect(res.__typename).toBe('RaiseCommissionSuccess');
  });

  it('matches a surname of several words only with its words in a row, accents aside', () => {
    expect(holdsSurname('Met the Da Sílva family', 'da Silva')).toBe(true);
    expect(holdsSurname('Da is silva', 'Da Silva')).toBe(false);
    expect(holdsSurname('Okafors', 'Okafor')).toBe(false);
    expect(holdsSurname('anything', null)).toBe(false);
    // A surname of one or two letters is an everyday word: not looked for (review of audit 66).
    expect(holdsSurname('Needs support to attend, a little at a time', 'Tô')).toBe(false);
    expect(holdsSurname('Needs support to attend, a little at a time', 'A')).toBe(false);
    expect(holdsSurname('We met Mr Lee', 'Lee')).toBe(true);
  });
});
