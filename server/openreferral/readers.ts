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
import { type FeedPage, type FeedReader, UnreadableFeedError } from '../../schema/domain/openreferral/importer';
import type { ReaderOptions } from './get-json';
import { tabularFolderOf, tabularReader } from './tabular-reader';
import { urlReader } from './url-reader';
import { checkUtf8 } from './utf8-check';

// Where an import reads from: another directory's ORUK API (url-reader.ts), or a file (a JSON package, an array of services, or a folder of paged dumps),
// streamed so a large export never sits in memory whole.

const PER_PAGE = 100;

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

export type { FeedPage, ReaderOptions };
export { urlReader };
