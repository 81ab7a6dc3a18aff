import { isCalendarDateText } from '../calendar-date';
import { normalisePostcode } from '../search';
import { ORUK_DAYS, type OrukDay, UUID } from './ids';

// The query parameters of the Open Referral UK read API, checked: a bad one is a 400 that
// names it, never a silent default or a database error.

export class ParameterError extends Error {
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;

export type OrukQuery = {
  page: number;
  perPage: number;
  search?: string;
  taxonomyTermId?: string;
  taxonomyId?: string;
  organizationId?: string;
  minimumAge?: number;
  maximumAge?: number;
  age?: number;
  day?: OrukDay;
  startTime?: string;
  endTime?: string;
  modifiedAfter?: string;
  postcode?: { full: string; outward: string };
  proximityMetres?: number;
  /** Today in London ("2026-11-30"), for the openings that have not ended. */
  today?: string;
};

const DAY_NAMES: Record<string, OrukDay> = {
  monday: 'MO',
  tuesday: 'TU',
  wednesday: 'WE',
  thursday: 'TH',
  friday: 'FR',
  saturday: 'SA',
  sunday: 'SU',
};

function integer(
  name: string,
  raw: string,
  min: number,
  max: number,
  outOfRange = `${name} must be between ${min} and ${max}`,
): number {
  // A negative number is a whole number too: out of range, not malformed.
  if (!/^-?\d+$/.test(raw)) throw new ParameterError(name, `${name} must be a whole number`);
  const n = Number(raw);
  if (n < min || n > max) throw new ParameterError(name, outOfRange);
  return n;
}

/** per_page: at least 1; any larger number, however large, is a full page (MAX_PER_PAGE). */
function perPageOf(raw: string): number {
  // No upper bound to refuse (even beyond 2^53): the cap below answers it.
  const atLeastOne = `per_page must be at least 1 (a page holds at most ${MAX_PER_PAGE}: a larger per_page gets ${MAX_PER_PAGE})`;
  return Math.min(integer('per_page', raw, 1, Number.POSITIVE_INFINITY, atLeastOne), MAX_PER_PAGE);
}

function uuid(name: string, raw: string): string {
  if (!UUID.test(raw)) throw new ParameterError(name, `${name} must be a UUID`);
  return raw.toLowerCase();
}

function time(name: string, raw: string): string {
  const m = /^([01]\d|2[0-3]):([0-5]\d)(?::([0-5]\d))?$/.exec(raw);
  if (!m) throw new ParameterError(name, `${name} must be a time like 16:00`);
  return `${m[1]}:${m[2]}:${m[3] ?? '00'}`;
}

/** Reads the parameters a listing endpoint accepts; others are ignored, as the OpenAPI allows. */
export function parseQuery(params: URLSearchParams, allowed: readonly string[]): OrukQuery {
  const get = (name: string) => {
    if (!allowed.includes(name)) return undefined;
    const v = params.get(name)?.trim();
    // A NUL (%00) has no place in any parameter, and PostgreSQL refuses it in text.
    if (v?.includes('\u0000')) throw new ParameterError(name, `${name} contains a character that is not allowed (NUL)`);
    return v ? v : undefined;
  };
  const q: OrukQuery = { page: 1, perPage: DEFAULT_PER_PAGE };
  const page = get('page');
  if (page) q.page = integer('page', page, 1, 1_000_000);
  const perPage = get('per_page');
  // Capped, not refused: clients ask for "everything" with large values.
  if (perPage) q.perPage = perPageOf(perPage);
  const search = get('search');
  if (search) {
    if (search.length > 200) throw new ParameterError('search', 'search must be 200 characters or fewer');
    q.search = search;
  }
  const term = get('taxonomy_term_id');
  if (term) q.taxonomyTermId = uuid('taxonomy_term_id', term);
  const taxonomy = get('taxonomy_id');
  if (taxonomy) q.taxonomyId = uuid('taxonomy_id', taxonomy);
  const org = get('organization_id');
  if (org) q.organizationId = uuid('organization_id', org);
  const minAge = get('minimum_age');
  if (minAge) q.minimumAge = integer('minimum_age', minAge, 0, 150);
  const maxAge = get('maximum_age');
  if (maxAge) q.maximumAge = integer('maximum_age', maxAge, 0, 150);
  // Not in the ORUK OpenAPI: a listing for a child of this age (its age range includes it), as the
  // portal's own search filters; checked like the rest rather than ignored.
  const age = get('age');
  if (age) q.age = integer('age', age, 0, 150);
  const day = get('day');
  if (day) {
    const upper = day.toUpperCase();
    const code = (ORUK_DAYS as readonly string[]).includes(upper) ? (upper as OrukDay) : DAY_NAMES[day.toLowerCase()];
    if (!code) throw new ParameterError('day', 'day must be a day such as MO or monday');
    q.day = code;
  }
  const start = get('start_time');
  if (start) q.startTime = time('start_time', start);
  const end = get('end_time');
  if (end) q.endTime = time('end_time', end);
  const modified = get('modified_after');
  if (modified) {
    if (
      !/^\d{4}-\d{2}-\d{2}([T ][\d:.]+(Z|[+-]\d{2}(:?\d{2})?)?)?$/.test(modified) ||
      Number.isNaN(Date.parse(modified)) ||
      // 2026-02-30 parses (Date rolls it over to 2 March) but is no day at all.
      !isCalendarDateText(modified.slice(0, 10))
    )
      throw new ParameterError('modified_after', 'modified_after must be an ISO 8601 date-time');
    q.modifiedAfter = new Date(modified).toISOString();
  }
  const postcode = get('postcode');
  if (postcode) {
    const parsed = normalisePostcode(postcode);
    if (!parsed) throw new ParameterError('postcode', 'postcode must be a UK postcode like SE15 4QL');
    q.postcode = { full: parsed.full ?? parsed.outward, outward: parsed.outward };
  }
  // Our pages always hold full records, so the answer is the same either way; a value that is
  // neither is a mistake, refused as any other parameter's is.
  const full = get('full_service');
  if (full && !/^(true|false)$/i.test(full))
    throw new ParameterError('full_service', 'full_service must be true or false');
  const proximity = get('proximity');
  if (proximity) {
    if (!/^\d+(\.\d+)?$/.test(proximity) || Number(proximity) <= 0 || Number(proximity) > 1_000_000)
      throw new ParameterError('proximity', 'proximity must be a distance in metres, up to 1,000,000');
    if (!postcode) throw new ParameterError('proximity', 'proximity needs a postcode to measure from');
    q.proximityMetres = Number(proximity);
  }
  return q;
}
