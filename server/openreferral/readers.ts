import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import streamJson from 'stream-json';
import IgnoreModule from 'stream-json/filters/Ignore.js';
import PickModule from 'stream-json/filters/Pick.js';
import StreamArrayModule from 'stream-json/streamers/StreamArray.js';
import StreamValuesModule from 'stream-json/streamers/StreamValues.js';
import {
  BrokenFeedError,
  type FeedPage,
  type FeedReader,
  UnreadableFeedError,
} from '../../schema/domain/openreferral/importer';
import { isBadPort, whyFetchFailed } from './fetch-failure';
import { tabularFolderOf, tabularReader } from './tabular-reader';
import { checkUtf8, checkUtf8Bytes, NotUtf8Error } from './utf8-check';

// Where an import reads from: another directory's ORUK API (paged /services with
// full_service), or a file (a JSON package, an array of services, or a folder of paged dumps),
// streamed so a large export never sits in memory whole.

const PER_PAGE = 100;
const TIMEOUT_MS = 30_000;

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

/** What a URL reader says while it waits: each failed attempt it will try again. */
export type ReaderOptions = { onRetry?: (message: string) => void; timeoutMs?: number };

/** An answer that trying again will not change: a 4xx, or a body that is not JSON. */
class FinalAnswerError extends Error {}

async function getJson(url: string, options: ReaderOptions, attempts = 3): Promise<unknown> {
  const timeoutMs = options.timeoutMs ?? TIMEOUT_MS;
  for (let attempt = 1; ; attempt++) {
    try {
      const res = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (res.status >= 500) throw new Error(`${url} answered HTTP ${res.status}`);
      if (!res.ok) throw new FinalAnswerError(`${url} answered HTTP ${res.status}`);
      // Checked as a file is (res.json() would put U+FFFD in names): refused, not retried.
      const bytes = Buffer.from(await res.arrayBuffer());
      checkUtf8Bytes(bytes, url);
      try {
        return JSON.parse(bytes.toString('utf8').replace(/^\uFEFF/, ''));
      } catch (error) {
        throw new FinalAnswerError(`${url} did not answer with JSON (${(error as Error).message})`);
      }
    } catch (error) {
      if (error instanceof NotUtf8Error || error instanceof FinalAnswerError) throw error;
      const why = whyFetchFailed(error, url, timeoutMs);
      if (attempt >= attempts || isBadPort(error)) throw new Error(why);
      const wait = 500 * attempt;
      options.onRetry?.(`${why}; trying again in ${wait / 1000} s (attempt ${attempt + 1} of ${attempts})`);
      await new Promise((r) => setTimeout(r, wait));
    }
  }
}

/** A term lookup waits at most this long, and is not tried again: the service goes in without it. */
const TERM_TIMEOUT_MS = 10_000;

export function urlReader(feedUrl: string, options: ReaderOptions = {}): FeedReader {
  const base = feedUrl.replace(/\/+$/, '').replace(/\/services$/, '');
  // A feed that could not be reached for one term is not asked for the next (each would wait).
  let unreachable = false;
  return {
    incremental: true,
    async term(id) {
      if (unreachable) throw new Error('not asked: the feed could not be reached for an earlier term');
      const timeoutMs = Math.min(options.timeoutMs ?? TERM_TIMEOUT_MS, TERM_TIMEOUT_MS);
      return getJson(`${base}/taxonomy_terms/${encodeURIComponent(id)}`, { timeoutMs }, 1).catch((e) => {
        if (!(e instanceof FinalAnswerError || e instanceof NotUtf8Error)) unreachable = true;
        throw e;
      });
    },
    async *pages({ modifiedAfter, startPage }) {
      let previousIds = '';
      for (let number = startPage; ; number++) {
        const query = new URLSearchParams({ page: String(number), per_page: String(PER_PAGE), full_service: 'true' });
        if (modifiedAfter) query.set('modified_after', modifiedAfter);
        const body = (await getJson(`${base}/services?${query}`, options)) as Record<string, unknown>;
        if (!body || !Array.isArray(body.contents)) throw new Error(`${base}/services is not an Open Referral page`);
        // A feed that ignores `page` would be read again and again (total_pages 99999): stop.
        if (typeof body.page === 'number' && body.page !== number)
          throw new BrokenFeedError(`${base}/services answered page ${body.page} when asked for page ${number}`);
        const ids = (body.contents as { id?: unknown }[]).map((item) => String(item?.id)).join(',');
        if (ids && ids === previousIds)
          throw new BrokenFeedError(
            `${base}/services answered page ${number} with page ${number - 1}'s services again`,
          );
        previousIds = ids;
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

const isJson = (text: string) => {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
};

/** How a file begins, from its first non-space character: '[' an array of services, '{' a package or page. */
async function opening(file: string): Promise<string> {
  const handle = await open(file);
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(4096), 0, 4096, 0);
    return buffer
      .subarray(0, bytesRead)
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .trimStart();
  } finally {
    await handle.close();
  }
}
/**
 * An empty file, or one that is not JSON at all (a CSV), refused in plain words before any is read;
 * else its first character, which says how to stream it.
 */
async function checkJsonStart(file: string): Promise<'[' | '{'> {
  const start = await opening(file);
  if (!start) throw new UnreadableFeedError(`${file} is empty`);
  if (start[0] !== '[' && start[0] !== '{') {
    const begins = JSON.stringify(start.split('\n')[0]!.slice(0, 30));
    // A lone number, string, true or null is JSON, just not a feed: said so, not called "not JSON".
    throw new UnreadableFeedError(
      isJson(start)
        ? `${file} holds one JSON value (${begins}), not Open Referral services: a feed is a list of services, or an object ({"services": [...]}, {"contents": [...]} or one service)`
        : `${file} is not JSON (it begins ${begins}); Open Referral services come as JSON${/\.csv$/i.test(file) ? ', or as CSV tables: a folder holding services.csv' : ''}`,
    );
  }
  return start[0];
}

/** The JSON parser's error in plain words, naming the file ("Parser has expected a value" names neither). */
function parseFailure(file: string, error: Error, bytesRead: number, size: number): Error {
  // stream-json's words for {"services": {}} or {"contents": null}, naming neither file nor key.
  if (/^Top-level object should be an array/.test(error.message))
    return new UnreadableFeedError(`${file}: its "services" or "contents" is not a list of services`);
  if (!error.message.startsWith('Parser')) return error;
  const detail = error.message.replace(/^Parser (cannot parse input: |has )/, '');
  return new UnreadableFeedError(
    / has /.test(error.message) && bytesRead >= size
      ? `${file} is not valid JSON: it ends part way through, at byte ${size} (is it cut short?)`
      : `${file} is not valid JSON: ${detail} within its first ${bytesRead} bytes`,
  );
}

const LISTS = /^(contents|services)$/;
const pick = (PickModule as unknown as { pick: (o: object) => Duplex }).pick;
const ignore = (IgnoreModule as unknown as { ignore: (o: object) => Duplex }).ignore;
const streamArray = (StreamArrayModule as unknown as { streamArray: () => Duplex }).streamArray;
const streamValues = (StreamValuesModule as unknown as { streamValues: () => Duplex }).streamValues;
const parser = (streamJson as unknown as { parser: () => Duplex }).parser;

async function* streamed(file: string, stages: Duplex[]): AsyncIterable<unknown> {
  const last = stages.at(-1)!;
  // Bytes handed to the parser so far: a parse error lies within them.
  let bytesRead = 0;
  const source = createReadStream(file).on('data', (chunk) => {
    bytesRead += chunk.length;
  });
  let stream: NodeJS.ReadableStream = source.on('error', (e) => last.destroy(e));
  for (const stage of stages) stream = stream.pipe(stage).on('error', (e: Error) => last.destroy(e));
  try {
    for await (const item of last as AsyncIterable<{ value: unknown }>) yield item.value;
  } catch (error) {
    throw error instanceof Error ? parseFailure(file, error, bytesRead, (await stat(file)).size) : error;
  }
}

async function* streamServices(file: string, start: '[' | '{'): AsyncIterable<unknown> {
  if (start === '[') return yield* streamed(file, [parser(), streamArray()]);
  // The object without its lists: an organisation (organization_full) has an id, a page or package none.
  let top: unknown = null;
  for await (const value of streamed(file, [parser(), ignore({ filter: LISTS }), streamValues()])) top = value;
  const org = top && typeof top === 'object' && typeof (top as { id?: unknown }).id === 'string' ? top : null;
  // Each nested service as the organisation holding it alone (the importer unnests it).
  let count = 0;
  for await (const record of streamed(file, [parser(), pick({ filter: LISTS }), streamArray()])) {
    count++;
    yield org ? { ...org, services: [record] } : record;
  }
  // An object with an id and no list of services at all is one service: a one-record feed.
  if (!count && org && !(await hasList(file))) yield org;
}

/** Whether the file's top object has a `contents` or `services` key (an empty list included). */
async function hasList(file: string): Promise<boolean> {
  let depth = 0;
  const tokens = createReadStream(file).pipe(parser()) as unknown as AsyncIterable<{ name: string; value?: unknown }>;
  for await (const token of tokens) {
    if (token.name === 'startObject' || token.name === 'startArray') depth++;
    else if (token.name === 'endObject' || token.name === 'endArray') depth--;
    else if (depth === 1 && token.name === 'keyValue' && LISTS.test(String(token.value))) return true;
  }
  return false;
}

/** The JSON files a file import reads: the file, or a folder's in name order (page-2 before page-10). */
async function filesOf(target: string): Promise<string[]> {
  if (!(await stat(target)).isDirectory()) return [target];
  return (await readdir(target))
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => path.join(target, f));
}

export function fileReader(target: string): FeedReader {
  // A folder of CSV tables, or its services.csv: Open Referral UK's tabular form.
  const tables = tabularFolderOf(target);
  if (tables) return tabularReader(tables);
  return {
    incremental: false,
    // Each file's name, size and modification time: a changed or other file is not resumed part way.
    async identity() {
      const parts: string[] = [];
      for (const file of await filesOf(target)) {
        const { size, mtimeMs } = await stat(file);
        parts.push(`${path.resolve(file)}:${size}:${Math.floor(mtimeMs)}`);
      }
      return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
    },
    async *pages({ startPage }) {
      const files = await filesOf(target);
      // Every file before any record is imported: a refused file changes nothing.
      const starts = new Map<string, '[' | '{'>();
      for (const file of files) {
        await checkUtf8(file);
        starts.set(file, await checkJsonStart(file));
      }
      let number = 0;
      let batch: unknown[] = [];
      for (const file of files) {
        for await (const record of streamServices(file, starts.get(file)!)) {
          batch.push(record);
          if (batch.length === PER_PAGE) {
            number++;
            if (number >= startPage) yield { number, totalPages: null, totalItems: null, records: batch };
            batch = [];
          }
        }
      }
      if (batch.length) {
        number++;
        if (number >= startPage) yield { number, totalPages: null, totalItems: null, records: batch };
      }
      if (number === 0) throw new Error(`${target} holds no Open Referral services`);
    },
  };
}

export const readerFor = (target: string, options: ReaderOptions = {}): FeedReader =>
  /^https?:\/\//i.test(target) ? urlReader(target, options) : fileReader(target);

export type { FeedPage };
