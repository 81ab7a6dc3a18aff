import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import {
  fileNamesOf,
  idKey,
  rowOf,
  TABLES,
  type TableSpec,
  TabularPackage,
} from '../../schema/domain/openreferral/from-tabular';
import { type FeedReader, RefusedPackageError, UnreadableFeedError } from '../../schema/domain/openreferral/importer';
import { checkUtf8 } from './utf8-check';

// Open Referral UK's tabular form read from a folder of CSV tables (services.csv, phones.csv, …):
// every table is checked whole first (UTF-8, header, row widths), so a refused package changes
// nothing; the other tables are then held in memory, and services.csv is streamed, each row
// assembled into the service_full record the importer reads from JSON.

type Json = Record<string, unknown>;
const PER_PAGE = 100;
const SERVICE = TABLES.get('service')!;
const SERVICE_FILES = new Set(fileNamesOf(SERVICE));

/** The package's folder: `target` when it is a folder holding a services table, or the folder of
 * `target` when it is that table (services.csv); else null (a JSON file or folder). */
export function tabularFolderOf(target: string): string | null {
  try {
    if (!statSync(target).isDirectory())
      return SERVICE_FILES.has(path.basename(target).toLowerCase()) ? path.dirname(target) : null;
    return readdirSync(target).some((f) => SERVICE_FILES.has(f.toLowerCase())) ? target : null;
  } catch {
    return null;
  }
}

const refused = (file: string, line: number, what: string) =>
  new RefusedPackageError(`${file} line ${line}: ${what}; nothing was imported`);

/** Whether a file holds nothing but a byte-order mark and spaces or line ends (read only when small). */
function isBlank(file: string): boolean {
  const { size } = statSync(file);
  return size === 0 || (size <= 4096 && /^\uFEFF?\s*$/.test(readFileSync(file, 'utf8')));
}

/** Each table's file in the folder, by the table's name; two files for one table are refused. A
 * blank file for a table other than services is as no file (a spreadsheet's export of no rows). */
function tableFiles(folder: string): Map<string, string> {
  const names = readdirSync(folder);
  const files = new Map<string, string>();
  for (const table of TABLES.values()) {
    const accepted = new Set(fileNamesOf(table));
    const found = names.filter((n) => accepted.has(n.toLowerCase()));
    if (found.length > 1)
      throw new RefusedPackageError(
        `${folder} holds ${found.join(' and ')}, both the ${table.name} table: keep one; nothing was imported`,
      );
    const file = found[0] && path.join(folder, found[0]);
    if (file && (table === SERVICE || !isBlank(file))) files.set(table.name, file);
  }
  return files;
}

/** csv-parse's error in plain words, naming the file and line. */
function csvFailure(file: string, error: unknown): unknown {
  const e = error as { code?: string; lines?: number; message?: string };
  if (error instanceof UnreadableFeedError || typeof e.code !== 'string' || typeof e.lines !== 'number') return error;
  if (e.code === 'CSV_QUOTE_NOT_CLOSED')
    return refused(file, e.lines, 'a quoted value is still open at the end of the file');
  if (/QUOTE/.test(e.code))
    return refused(file, e.lines, 'a stray quote (a value with a " in it must be quoted, the " doubled)');
  return refused(file, e.lines, `not valid CSV (${e.message})`);
}

/** The header's column names; a name given twice is refused (which column holds its values?). */
function headerOf(file: string, line: number, cells: string[]): string[] {
  // The standard's names are lower case: ' Name' and 'NAME' are its name.
  const names = cells.map((c) => c.trim().toLowerCase());
  const again = names.findIndex((n, i) => n && names.indexOf(n) < i);
  if (again >= 0)
    throw refused(
      file,
      line,
      `its header names the column ${names[again]} twice (columns ${names.indexOf(names[again]!) + 1} and ${again + 1})`,
    );
  return names;
}

/** The table's rows, each with its line, an id given by two rows refused (which row does it name?). */
async function* rowsWithOwnIds(file: string, table: TableSpec): AsyncGenerator<{ row: Json; line: number }> {
  const lines = new Map<string, number>();
  for await (const read of rowsOf(file, table)) {
    const id = idKey(read.row.id);
    const first = lines.get(id);
    if (first) throw refused(file, read.line, `the id ${read.row.id} is on line ${first} too; an id names one row`);
    if (id) lines.set(id, read.line);
    yield read;
  }
}

/** The table's rows, typed, each with the line it starts on; its header checked for the columns
 * the standard requires, and each row for as many values as the header has columns. */
async function* rowsOf(file: string, table: TableSpec): AsyncGenerator<{ row: Json; line: number }> {
  const source = createReadStream(file);
  const parser = source.pipe(parse({ bom: true, relax_column_count: true }));
  source.on('error', (e) => parser.destroy(e));
  let header: string[] | null = null;
  let line = 1;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      const at = line;
      // Counted here, not taken from csv-parse (which counts a quoted CRLF as two lines).
      line += 1 + cells.reduce((n, c) => n + (c.match(/\n/g)?.length ?? 0), 0);
      if (cells.length === 1 && cells[0] === '') continue;
      if (!header) {
        header = headerOf(file, at, cells);
        const missing = table.required.filter((c) => !header!.includes(c));
        if (missing.length)
          throw refused(
            file,
            at,
            `its header has no ${missing.join(', ')} column${missing.length > 1 ? 's' : ''} (Open Referral UK's ${table.path} must have ${table.required.join(', ')})`,
          );
        continue;
      }
      if (cells.length !== header.length)
        throw refused(file, at, `${cells.length} values where the header has ${header.length} columns`);
      yield { row: rowOf(table, header, cells, { file: path.basename(file), line: at }), line: at };
    }
  } catch (error) {
    throw csvFailure(file, error);
  } finally {
    source.destroy();
  }
  if (!header) throw new RefusedPackageError(`${file} is empty; nothing was imported`);
}

export function tabularReader(folder: string): FeedReader {
  // The package once pages() has read it: term() looks in its taxonomy_terms table, as a URL
  // feed's /taxonomy_terms/{id} (a parent no service uses is held so its child's parent_id resolves).
  let tables: TabularPackage | undefined;
  return {
    incremental: false,
    async term(id) {
      const term = tables?.term(id);
      if (!term) throw new Error(`the package's taxonomy_terms.csv has no row ${id}`);
      return term;
    },
    // Each CSV's name, size and modification time: a changed package is not resumed part way.
    async identity() {
      const parts: string[] = [];
      const csvs = readdirSync(folder).filter((f) => /\.csv$/i.test(f));
      for (const file of csvs.sort().map((f) => path.join(folder, f))) {
        const { size, mtimeMs } = await stat(file);
        parts.push(`${path.resolve(file)}:${size}:${Math.floor(mtimeMs)}`);
      }
      return createHash('sha256').update(parts.join('\n')).digest('hex').slice(0, 32);
    },
    async *pages({ startPage }) {
      const files = tableFiles(folder);
      const servicesFile = files.get(SERVICE.name);
      if (!servicesFile) throw new RefusedPackageError(`${folder} holds no services.csv; nothing was imported`);
      // Every table checked before any record is imported (services.csv too: read through, its
      // ids kept, not its rows).
      for (const file of files.values()) await checkUtf8(file);
      const rows = new Map<string, Json[]>();
      for (const [name, file] of files) {
        const list: Json[] = [];
        for await (const { row } of rowsWithOwnIds(file, TABLES.get(name)!)) if (name !== SERVICE.name) list.push(row);
        rows.set(name, list);
      }
      const pkg = new TabularPackage(rows);
      tables = pkg;
      let number = 0;
      let batch: Json[] = [];
      const page = () => ({ number, totalPages: null, totalItems: null, records: batch.map((r) => pkg.service(r)) });
      for await (const { row } of rowsOf(servicesFile, SERVICE)) {
        batch.push(row);
        if (batch.length === PER_PAGE) {
          number++;
          if (number >= startPage) yield page();
          batch = [];
        }
      }
      if (batch.length) {
        number++;
        if (number >= startPage) yield page();
      }
      if (number === 0) throw new Error(`${servicesFile} holds no Open Referral services`);
    },
  };
}
