import type { ServerResponse } from 'node:http';
import { stringify } from 'csv-stringify/sync';
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
export async function streamCsvPages(
  res: ServerResponse,
  options: {
    columns: string[];
    /** The next page after a key; a page shorter than pageSize is the last. */
    page: (afterKey: number) => Promise<Row[]>;
    pageSize: number;
    keyOf: (row: Row) => number;
  },
): Promise<{ rows: number; complete: boolean; statements: number }> {
  let rows = 0;
  let header = true;
  let after = 0;
  const gone = () => res.destroyed || res.writableEnded;
  const tally = await countStatements(async (t) => {
    for (;;) {
      const page = await options.page(after);
      if (gone()) return t;
      if (page.length > 0 || header) {
        // Every cell that a spreadsheet would run as a formula is escaped (OWASP CSV injection).
        const text = stringify(page, { header, columns: options.columns, escape_formulas: true });
        header = false;
        if (!res.write(text)) await drained(res);
      }
      rows += page.length;
      if (page.length < options.pageSize) return t;
      after = options.keyOf(page[page.length - 1]!);
    }
  });
  return { rows, complete: !gone(), statements: tally.statements };
}

/** Ends a streamed CSV (after the caller has recorded it), with the statements as a trailer outside production. */
export function endCsv(res: ServerResponse, production: boolean, statements: number) {
  if (res.destroyed || res.writableEnded) return;
  if (!production) res.addTrailers({ 'X-SQL-Statements': String(statements) });
  res.end();
}

/** Resolves when the response can take more, or when the client has gone. */
function drained(res: ServerResponse): Promise<void> {
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
