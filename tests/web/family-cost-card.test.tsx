// @vitest-environment jsdom
import { cleanup, render } from '@solidjs/testing-library';
import '../setup/no-console-errors';
import { afterEach, describe, expect, it } from 'vitest';
import { price } from '../../web/src/lib/format';
import { type ResultNode, SearchResult } from '../../web/src/pages/search/SearchResult';

afterEach(cleanup);

// Audit 61 F1: a listing families pay for (an imported feed's cost_options) has no unit price;
// its search card said a bold "Free". It says what families pay; "Free" only when nobody pays.
const node = (over: Partial<ResultNode>): ResultNode => ({
  id: 'U2VydmljZTox',
  name: 'Community Counselling',
  unitPricePence: null,
  unitName: null,
  capacity: null,
  distanceKm: null,
  stale: false,
  commissionable: false,
  decommissionedFrom: null,
  closedToNewRequests: false,
  minAge: 0,
  maxAge: 18,
  selfReferral: null,
  contactPhone: null,
  contacts: [],
  schedules: [],
  costOptions: [],
  organisation: { name: 'Example org' },
  categories: [],
  ...over,
});
const card = (n: ResultNode) => {
  const { container } = render(() => <SearchResult node={n} search="" commissioning={false} />);
  return container.querySelector('strong')?.textContent;
};

describe('what a search card says a listing costs', () => {
  it('says what families pay, not "Free", when they pay', () => {
    expect(card(node({ costOptions: [{ amountPence: 3500, per: 'per 1 hour session' }] }))).toBe(
      'Families pay £35.00 per 1 hour session',
    );
  });

  it('says "Free" when neither the partnership nor families pay', () => {
    expect(card(node({}))).toBe('Free');
    expect(
      card(
        node({
          costOptions: [
            { amountPence: 0, per: 'per session' },
            { amountPence: null, per: '' },
          ],
        }),
      ),
    ).toBe('Free');
  });

  it('gives the unit price first, and the cheapest of several family costs', () => {
    expect(price(4500, 'session', [{ amountPence: 3500, per: 'per session' }])).toBe('£45.00 a session');
    expect(
      price(null, null, [
        { amountPence: 500, per: 'per term' },
        { amountPence: 200, per: 'per session' },
        { amountPence: 0, per: 'on benefits' },
      ]),
    ).toBe('Families pay from £2.00 per session');
  });
});
