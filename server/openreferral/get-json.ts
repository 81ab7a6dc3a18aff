import { UnreadableFeedError } from '../../schema/domain/openreferral/importer';
import { isBadPort, whyFetchFailed } from './fetch-failure';
import { checkUtf8Bytes, NotUtf8Error } from './utf8-check';

// One JSON answer from another directory's feed, with the limits a feed cannot talk its way past:
// a body is read as it comes and cut off at MAX_ANSWER_BYTES (decoded, so a small gzip that
// unpacks to gigabytes is stopped too), and a redirect is followed only on the feed's own host.

/** The most one answer may hold, decoded: a page of 100 full records is a few MB at most. */
export const MAX_ANSWER_BYTES = 50 * 1024 * 1024;
const MAX_ANSWER_WORDS = '50 MB';
/** Redirects followed for one request (on the feed's own host). */
export const MAX_REDIRECTS = 5;
const TIMEOUT_MS = 30_000;
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** What a URL reader says while it waits: each failed attempt it will try again. */
export type ReaderOptions = {
  onRetry?: (message: string) => void;
  timeoutMs?: number;
  /** The most pages one run reads (MAX_PAGES); smaller only in tests. */
  maxPages?: number;
};

/** An answer that trying again will not change: a 4xx, or a body that is not JSON. */
export class FinalAnswerError extends Error {}

/** An answer refused outright (too large, or sent to another host): the run fails, not resumes. */
export class RefusedAnswerError extends UnreadableFeedError {}

/** Whether a redirect from the feed's address may be followed: the same origin, or the same host
 * moved from http to https (default ports). Another host's data would go in under this source. */
function mayFollow(from: URL, to: URL): boolean {
  if (to.origin === from.origin) return true;
  return (
    from.protocol === 'http:' &&
    to.protocol === 'https:' &&
    to.hostname === from.hostname &&
    from.port === '' &&
    to.port === ''
  );
}

/** The answer to `url`, its same-host redirects followed; another host's refused, naming it. */
async function fetchFollowing(url: string, signal: AbortSignal): Promise<Response> {
  const start = new URL(url);
  let at = start;
  for (let hop = 0; ; hop++) {
    const res = await fetch(at, { headers: { accept: 'application/json' }, redirect: 'manual', signal });
    if (!REDIRECTS.has(res.status)) return res;
    await res.body?.cancel();
    const location = res.headers.get('location');
    if (!location) throw new FinalAnswerError(`${url} answered HTTP ${res.status} (a redirect) with no address`);
    const to = new URL(location, at);
    if (!mayFollow(start, to))
      throw new RefusedAnswerError(
        `${url} redirected to ${to.href}, ${to.hostname === start.hostname ? 'another port or scheme' : 'another host'}: not followed, so nothing from there was imported (if that is the feed's address now, import from it)`,
      );
    if (hop >= MAX_REDIRECTS) throw new RefusedAnswerError(`${url} redirected more than ${MAX_REDIRECTS} times`);
    at = to;
  }
}

/** The body, read as it arrives; past MAX_ANSWER_BYTES the request is aborted and refused. */
async function cappedBody(res: Response, url: string, abort: AbortController): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (!res.body) return Buffer.alloc(0);
  for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      abort.abort();
      throw new RefusedAnswerError(
        `${url} answered more than ${MAX_ANSWER_WORDS} for one page, so it was not read (${MAX_ANSWER_WORDS} a page is the most an import takes)`,
      );
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size);
}

export async function getJson(url: string, options: ReaderOptions, attempts = 3): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    const abort = new AbortController();
    try {
      const res = await fetchFollowing(url, AbortSignal.any([AbortSignal.timeout(timeoutMs), abort.signal]));
      if (res.status >= 500) throw new Error(`${url} answered HTTP ${res.status}`);
      if (!res.ok) throw new FinalAnswerError(`${url} answered HTTP ${res.status}`);
      // Checked as a file is (res.json() would put U+FFFD in names): refused, not retried.
      const bytes = await cappedBody(res, url, abort);
      checkUtf8Bytes(bytes, url);
      try {
        return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch (error) {
        throw new FinalAnswerError(`${url} did not answer with JSON (${(error as Error).message})`);
      }
    } catch (error) {
      if (isFinal(error)) throw error;
      const why = whyFetchFailed(error, url, timeoutMs);
      if (attempt >= attempts || isBadPort(error)) throw new Error(why);
      const wait = 500 * attempt;
      options.onRetry?.(`${why}; trying again in ${wait / 1000} s (attempt ${attempt + 1} of ${attempts})`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** An answer trying again will not change. */
export const isFinal = (error: unknown): boolean =>
  error instanceof NotUtf8Error || error instanceof FinalAnswerError || error instanceof RefusedAnswerError;
