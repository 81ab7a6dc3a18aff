import type { ErrorObject } from 'ajv';

// Where each row of a tabular (CSV) package was read, so a record the schema check refuses is
// skipped naming the file, line, column and value a CSV user can find and fix, not the JSON path
// of the record assembled from the tables (/cost_options/0/amount). The place is kept under a
// symbol: the schema check and JSON do not see it, and a spread of the row copies it.

const READ_FROM = Symbol('tabular row read from');
type ReadFrom = { file: string; line: number };

/** The row, marked as read from `file` (its name) at `line`. */
export function markReadFrom<T extends object>(row: T, file: string, line: number): T {
  (row as Record<symbol, ReadFrom>)[READ_FROM] = { file, line };
  return row;
}

const readFrom = (v: unknown): ReadFrom | undefined =>
  v && typeof v === 'object' ? (v as Record<symbol, ReadFrom | undefined>)[READ_FROM] : undefined;

const FORMATS: Record<string, string> = {
  uuid: 'a UUID',
  'date-time': 'a date and time (like 2026-10-01T09:00:00Z)',
  date: 'a date (YYYY-MM-DD)',
  time: 'a time (HH:MM)',
  email: 'an email address',
  uri: 'a web address (https://…)',
};
const TYPES: Record<string, string> = { number: 'a number', integer: 'a whole number', boolean: 'true or false' };

/** What is wrong with a value, in plain words ("is not a number"). */
function fault(error: ErrorObject): string {
  const p = error.params as { type?: string; format?: string; allowedValues?: unknown[] };
  if (error.keyword === 'type' && p.type) return `is not ${TYPES[p.type] ?? p.type}`;
  if (error.keyword === 'format' && p.format) return `is not ${FORMATS[p.format] ?? `in the ${p.format} format`}`;
  if (error.keyword === 'enum' && p.allowedValues) return `is not one of ${p.allowedValues.join(', ')}`;
  return error.message ?? 'is not valid';
}

/**
 * The schema's objection to a record assembled from tables, said of the cell it names:
 * `cost_options.csv line 7, column amount: "ten" is not a number`; null for a record not read
 * from tables (a JSON feed's).
 */
export function cellFault(record: unknown, error: ErrorObject): string | null {
  const steps = error.instancePath.split('/').slice(1);
  let value: unknown = record;
  let row: { from: ReadFrom; object: unknown; rest: string[] } | null = null;
  for (let i = 0; ; i++) {
    const from = readFrom(value);
    if (from) row = { from, object: value, rest: steps.slice(i) };
    if (i === steps.length || !value || typeof value !== 'object') break;
    value = (value as Record<string, unknown>)[steps[i]!.replaceAll('~1', '/').replaceAll('~0', '~')];
  }
  if (!row) return null;
  const at = `${row.from.file} line ${row.from.line}`;
  const [column, ...deeper] = row.rest;
  if (column && !deeper.length) {
    const cell = (row.object as Record<string, unknown>)[column];
    return `${at}, column ${column}: ${JSON.stringify(cell)} ${fault(error)}`;
  }
  return `${at}: ${row.rest.join('.') || 'the row'} ${error.message ?? 'is not valid'}`;
}
