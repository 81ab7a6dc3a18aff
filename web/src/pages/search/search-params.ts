import type { FormError } from '../../components/ErrorSummary';
import { wholeNumber } from '../../lib/url-params';

// The search's number filters in the address (?age, ?maxPrice in pence, ?within in miles) are
// checked here before the server is asked, as the filter form checks them: a link made by hand
// with a value the form would not send leaves that filter out, and the box it belongs to says why.

/** The distances the "Within" box offers, in miles. */
export const DISTANCES = ['1', '2', '5', '10'];
/** The largest price a GraphQL Int carries, in pence. */
const MAX_PENCE = 2_147_483_647;

export type CheckedSearchParams = { age?: number; maxPricePence?: number; withinMiles?: number; errors: FormError[] };

export function checkSearchParams(params: { age?: string; maxPrice?: string; within?: string }): CheckedSearchParams {
  const errors: FormError[] = [];
  const age = wholeNumber(params.age, 25);
  if (params.age && age === undefined) errors.push({ field: 'age', message: 'Enter an age from 0 to 25' });
  const maxPricePence = wholeNumber(params.maxPrice, MAX_PENCE);
  if (params.maxPrice && maxPricePence === undefined)
    errors.push({ field: 'maxPrice', message: 'Enter a maximum price in pounds, like 40 or 42.50' });
  const within = params.within && DISTANCES.includes(params.within) ? Number(params.within) : undefined;
  if (params.within && within === undefined)
    errors.push({ field: 'within', message: 'Choose a distance: 1, 2, 5 or 10 miles' });
  return { age, maxPricePence, withinMiles: within, errors };
}
