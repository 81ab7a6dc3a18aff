import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
import { type Db, hasOneConnection } from '../drizzle/client';
import { countStatements } from './query-counter';

type Row = Record<string, unknown>;

/**
 * Streams a CSV a page at a time: each page is read (keyset, after the last row's key), written,
 * and let go, so memory stays flat whatever the table's size and the first bytes leave at once.
 * Waits for the client to drain (backpressure) and stops reading when it goes away. The SQL
 * statements run are returned for the X-SQL-Statements trailer (endCsv; tests pin them). Does not
 * end the response: the caller records the export first, so the record exists once the file is in.
 * Returns the rows written and whether the client is still there to take the end.
 */
export async function streamCsvPages<K>(
  res: ServerResponse,
  options: {
    columns: string[];
    /** The key before the first row (the first page is read after it). */
    start: K;
    /** The next page after a key; a page shorter than pageSize is the last. */
    page: (afterKey: K) => Promise<Row[]>;
    pageSize: number;
    keyOf: (row: Row) => K;
    /** Count the statements (outside production, for the trailer): see query-counter.ts. */
    counting: boolean;
  },
): Promise<{ rows: number; complete: boolean; statements: number }> {
  let rows = 0;
  let header = true;
  let after = options.start;
  const gone = () => res.destroyed || res.writableEnded;
  const tally = await countStatements(async (t) => {
    for (;;) {
      const page = await options.page(after);
      // The client went away (closed the tab, cancelled): read no further pages for nobody.
      if (gone()) return t;
      if (page.length > 0 || header) {
        // Every cell that a spreadsheet would run as a formula is escaped (OWASP CSV injection); the
        // file starts with a byte-order mark, without which Excel reads UTF-8 as Windows-1252 ("Zoë" as "ZoÃ«").
        const text = stringify(page, { header, bom: header, columns: options.columns, escape_formulas: true });
        header = false;
        if (!res.write(text)) await drained(res);
      }
      rows += page.length;
      if (page.length < options.pageSize) return t;
      after = options.keyOf(page[page.length - 1]!);
    }
  }, options.counting);
  return { rows, complete: !gone(), statements: tally.statements };
}

/**
 * Runs a streamed export's reads. On PostgreSQL every page reads one snapshot (a read-only
 * REPEATABLE READ transaction), so the file is the data at one moment. PGlite has one connection:
 * a transaction held for the whole download would stop every other request, so there pages are
 * read one by one, each consistent.
 */
export function readConsistently<T>(db: Db, read: (reader: Db) => Promise<T>): Promise<T> {
  if (hasOneConnection(db)) return read(db);
  return db.transaction(async (tx) => read(tx as unknown as Db), {
    isolationLevel: 'repeatable read',
    accessMode: 'read only',
  });
}

/** Ends a streamed CSV (after the caller has recorded it), with the statements as a trailer outside production. */
export function endCsv(res: ServerResponse, production: boolean, statements: number) {
  if (res.destroyed || res.writableEnded) return;
  if (!production) res.addTrailers({ 'X-SQL-Statements': String(statements) });
  res.end();
}

/** Resolves when the response can take more, or when the client has gone (at once if it already has). */
function drained(res: ServerResponse): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}
