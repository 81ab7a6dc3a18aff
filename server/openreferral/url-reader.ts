import { BrokenFeedError, type FeedReader } from '../../schema/domain/openreferral/importer';
import { getJson, isFinal, type ReaderOptions } from './get-json';
import { NotUtf8Error } from './utf8-check';

// Another directory's ORUK API, paged through /services with full_service. A feed that does not
// page (it ignores `page`, or gives the same services again, or never ends) is stopped as broken.

const PER_PAGE = 100;
/** The most pages one run reads: a million services at 100 a page, far past any directory's size,
 * so a feed that keeps answering new pages cannot keep a run going for ever. */
export const MAX_PAGES = 10_000;

// Keys a full service record has (ORUK v3 service_full) and a list item need not.
const FULL_RECORD_KEYS = [
  'service_at_locations',
  'schedules',
  'services',
  'organization',
  'contacts',
  'phones',
  'attributes',
  'cost_options',
  'service_areas',
  'languages',
];

/** A term lookup waits at most this long, and is not tried again: the service goes in without it. */
const TERM_TIMEOUT_MS = 10_000;

/** The page number a page says it is: ORUK v3's `page_number`, or `page` as some feeds name it. */
function answeredPage(body: Record<string, unknown>): number | null {
  if (typeof body.page_number === 'number') return body.page_number;
  return typeof body.page === 'number' ? body.page : null;
}

/** Checks a page's number and ids against what the run has read: a feed that does not page is stopped. */
function pageChecker(services: string) {
  // Every id this run has read: a page holding only those is the feed going round again.
  const seen = new Set<string>();
  let previousIds = '';
  return (number: number, body: Record<string, unknown>) => {
    const answered = answeredPage(body);
    if (answered != null && answered !== number)
      throw new BrokenFeedError(`${services} answered page ${answered} when asked for page ${number}`);
    const ids = (body.contents as { id?: unknown }[])
      .map((item) => item?.id)
      .filter((id) => typeof id === 'string' || typeof id === 'number')
      .map(String);
    if (ids.length && ids.every((id) => seen.has(id)))
      throw new BrokenFeedError(
        ids.join(',') === previousIds
          ? `${services} answered page ${number} with page ${number - 1}'s services again`
          : `${services} answered page ${number} with services it had given on earlier pages (${ids[0]} among them)`,
      );
    for (const id of ids) seen.add(id);
    previousIds = ids.join(',');
  };
}

export function urlReader(feedUrl: string, options: ReaderOptions = {}): FeedReader {
  const base = feedUrl.replace(/\/+$/, '').replace(/\/services$/, '');
  const maxPages = options.maxPages ?? MAX_PAGES;
  // A feed that could not be reached for one term is not asked for the next (each would wait).
  let unreachable = false;
  return {
    incremental: true,
    async term(id) {
      if (unreachable) throw new Error('not asked: the feed could not be reached for an earlier term');
      const timeoutMs = Math.min(options.timeoutMs ?? TERM_TIMEOUT_MS, TERM_TIMEOUT_MS);
      return getJson(`${base}/taxonomy_terms/${encodeURIComponent(id)}`, { timeoutMs }, 1).catch((e) => {
        if (!isFinal(e)) unreachable = true;
        throw e;
      });
    },
    async *pages({ modifiedAfter, startPage }) {
      const check = pageChecker(`${base}/services`);
      for (let number = startPage; ; number++) {
        if (number > maxPages)
          throw new BrokenFeedError(
            `${base}/services still had more after page ${maxPages.toLocaleString('en-GB')}, the most one run reads (${(maxPages * PER_PAGE).toLocaleString('en-GB')} services at ${PER_PAGE} a page)`,
          );
        const query = new URLSearchParams({ page: String(number), per_page: String(PER_PAGE), full_service: 'true' });
        if (modifiedAfter) query.set('modified_after', modifiedAfter);
        const body = (await getJson(`${base}/services?${query}`, options)) as Record<string, unknown>;
        if (!body || !Array.isArray(body.contents)) throw new Error(`${base}/services is not an Open Referral page`);
        check(number, body);
        const records: unknown[] = [];
        for (const item of body.contents as Record<string, unknown>[]) {
          // Some feeds list summaries only: fetch the full record of those. Any of a full
          // record's lists or its organisation, even empty, says it is whole already.
          const whole = item && FULL_RECORD_KEYS.some((key) => key in item);
          if (item && typeof item.id === 'string' && !whole) {
            const id = item.id;
            const full = await getJson(`${base}/services/${encodeURIComponent(id)}`, options).catch((e) => {
              if (e instanceof NotUtf8Error) throw e;
              return item;
            });
            // An answer that is not this service (an error body, another record) counts for
            // nothing: the listed summary is imported, or skipped, under its own id.
            const same =
              full &&
              typeof full === 'object' &&
              String((full as { id?: unknown }).id).toLowerCase() === id.toLowerCase();
            records.push(same ? full : item);
          } else records.push(item);
        }
        const totalPages = typeof body.total_pages === 'number' ? body.total_pages : null;
        const totalItems = typeof body.total_items === 'number' ? body.total_items : null;
        if (records.length) yield { number, totalPages, totalItems, records };
        if (!records.length || body.last_page === true || (totalPages != null && number >= totalPages)) return;
      }
    },
  };
}
