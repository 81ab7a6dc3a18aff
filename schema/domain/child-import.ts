import { parse } from 'csv-parse/sync';
import { checkNewChild, insertChildren, type JoinContext, type NewChild } from './child-join';
import { ValidationError } from './errors';
import { alreadyInMessage, childrenAlreadyIn, lockChildAdds, sameChildKey } from './same-child';
import type { Tx } from './transaction';

// A cohort from CSV. The same call previews (dryRun: nothing written) and commits. The commit is
// all or nothing: when any row is bad it writes nothing and returns the same per-row errors the
// preview showed, so what a preview lists as "will be added" is exactly what a commit adds.

export const COHORT_COLUMNS = [
  'firstName',
  'lastName',
  'dateOfBirth',
  'school',
  'yearGroup',
  'needs',
  'programmeStart',
  'programmeEnd',
  'linkWorkerEmail',
] as const;
export const MAX_COHORT_ROWS = 500;

export type CohortRow = {
  /** The line's number in the file, counting the header as line 1. */
  row: number;
  schoolName: string;
  yearGroup: string;
  linkWorkerEmail: string;
  errors: string[];
  reference: string | null;
};

export type CohortResult = { dryRun: boolean; rows: CohortRow[]; added: number };

type CsvLine = { line: number; record: Record<string, string>; width: number | null };

/**
 * The file's records with the line each ends on (the header is line 1). A row with more or fewer
 * values than the header is kept, with its width, to be refused on its own line: one short row
 * must not hide what the rest of the file would do.
 */
function readCsv(csv: string): { header: string[]; lines: CsvLine[] } {
  type Parsed = {
    record: Record<string, string>;
    info: { lines: number; columns?: { name: string }[]; error?: { code?: string; record?: string[] } };
  };
  let parsed: Parsed[];
  try {
    parsed = parse(csv, {
      columns: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      info: true,
    }) as Parsed[];
  } catch (error) {
    throw ValidationError.field(
      ['input', 'csv'],
      `The file is not valid CSV: ${(error as Error).message.split('\n')[0]}`,
    );
  }
  const header = parsed[0]?.info.columns?.map((c) => c.name) ?? [];
  const lines = parsed.map(({ record, info }) => ({
    line: info.lines,
    record,
    width: info.error?.code === 'CSV_RECORD_INCONSISTENT_COLUMNS' ? (info.error.record?.length ?? 0) : null,
  }));
  return { header, lines };
}

export async function importCohort(
  tx: Tx,
  ctx: JoinContext,
  actorId: number,
  input: { csv: string; dryRun: boolean },
): Promise<CohortResult> {
  const { header, lines } = readCsv(input.csv);
  const records = lines.map((l) => l.record);
  const missing = COHORT_COLUMNS.filter((c) => c !== 'programmeEnd' && !header.includes(c));
  if (records.length === 0 || missing.length > 0)
    throw ValidationError.field(
      ['input', 'csv'],
      records.length === 0
        ? 'The file has no children in it'
        : `The file is missing columns: ${missing.join(', ')} (expected ${COHORT_COLUMNS.join(', ')})`,
    );
  if (records.length > MAX_COHORT_ROWS)
    throw ValidationError.field(['input', 'csv'], `At most ${MAX_COHORT_ROWS} children per file; split it`);

  // Every school of each name: a name two schools share (databases from before names had to be
  // unique may hold such pairs) cannot say which school is meant, so its rows are refused.
  const schoolsByName = new Map<string, number[]>();
  for (const [id, s] of ctx.schools) {
    const key = s.name.toLowerCase();
    schoolsByName.set(key, [...(schoolsByName.get(key) ?? []), id]);
  }
  const workerByEmail = new Map([...ctx.linkWorkers].map(([id, w]) => [w.email, id]));
  const keys = lines.map(({ record: r, width }) => {
    const named = schoolsByName.get((r.school ?? '').toLowerCase()) ?? [];
    const schoolId = named.length === 1 ? named[0]! : null;
    return width === null ? sameChildKey(r.firstName ?? '', r.lastName ?? '', r.dateOfBirth ?? '', schoolId) : null;
  });
  if (!input.dryRun) await lockChildAdds(tx, ctx.zoneId); // before the check: a racing import waits, then sees ours
  const existing = await childrenAlreadyIn(tx, ctx.zoneId, keys);
  const firstLineOf = new Map<string, number>();
  const good: NewChild[] = [];
  const rows: CohortRow[] = lines.map(({ line, record: r, width }, i) => {
    const summary = {
      row: line,
      schoolName: r.school ?? '',
      yearGroup: r.yearGroup ?? '',
      linkWorkerEmail: r.linkWorkerEmail ?? '',
      reference: null,
    };
    if (width !== null)
      return {
        ...summary,
        errors: [`Line ${line} has ${width} value${width === 1 ? '' : 's'} where the header has ${header.length}`],
      };
    const named = schoolsByName.get((r.school ?? '').toLowerCase()) ?? [];
    const schoolId = named.length === 1 ? named[0]! : null;
    const year = /^\d{1,2}$/.test(r.yearGroup ?? '') ? Number(r.yearGroup) : null;
    const { errors, child } = checkNewChild(ctx, {
      firstName: r.firstName ?? '',
      lastName: r.lastName ?? '',
      dateOfBirth: r.dateOfBirth ?? null,
      schoolId,
      yearGroup: year,
      needs: (r.needs ?? '').split(';'),
      programmeStart: r.programmeStart ?? null,
      programmeEnd: r.programmeEnd ?? null,
      linkWorkerId: workerByEmail.get((r.linkWorkerEmail ?? '').toLowerCase()) ?? null,
    });
    const messages = errors.map((e) => {
      if (e.path[1] === 'schoolId' && named.length > 1)
        return `More than one school is called “${r.school ?? ''}”: rename one in Schools first`;
      if (e.path[1] === 'schoolId' && schoolId === null)
        return `No school called “${r.school ?? ''}” in your partnership`;
      if (e.path[1] === 'linkWorkerId') return `No active link worker with the email “${r.linkWorkerEmail ?? ''}”`;
      return e.message;
    });
    const key = keys[i];
    if (key) {
      const earlier = firstLineOf.get(key);
      if (earlier !== undefined) messages.push(`The same child as line ${earlier} of this file`);
      else firstLineOf.set(key, line);
      const already = existing.get(key);
      if (already) messages.push(alreadyInMessage(already));
    }
    if (child && messages.length === 0) good.push(child);
    return { ...summary, errors: messages };
  });

  const bad = rows.filter((r) => r.errors.length > 0);
  if (input.dryRun) return { dryRun: true, rows, added: 0 };
  if (bad.length > 0)
    throw new ValidationError(
      `${bad.length} of ${rows.length} rows have errors; nothing was imported. Correct them and try again.`,
      bad.map((r) => ({ path: ['input', 'csv', String(r.row)], message: `Row ${r.row}: ${r.errors.join('; ')}` })),
    );
  const inserted = await insertChildren(tx, ctx.zoneId, actorId, good, 'IMPORT_CHILD');
  rows.forEach((r, i) => {
    r.reference = inserted[i]!.reference;
  });
  return { dryRun: false, rows, added: inserted.length };
}
