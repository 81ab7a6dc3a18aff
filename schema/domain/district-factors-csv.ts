import { parse } from 'csv-parse/sync';
import { ValidationError } from './errors';

// A district fund's factors as CSV (district, pupilsOnRoll, deprivationIndex), as a schools forum's
// spreadsheet would export them. A column the split would ignore is refused rather than dropped.

const COLUMNS = ['district', 'pupilsOnRoll', 'deprivationIndex'];

/** The header row's problems: every column once, and none the split would ignore. */
function headerErrors(headers: string[]): string[] {
  const known = `the columns are ${new Intl.ListFormat('en-GB').format(COLUMNS)}`;
  return [
    ...headers.filter((h, i) => headers.indexOf(h) !== i).map((h) => `Row 1: the column “${h}” is there twice`),
    ...headers
      .filter((h) => !COLUMNS.includes(h))
      .map((h) =>
        h === 'childrenInProgramme'
          ? 'Row 1: children in the programme are counted from the schools, not entered: remove that column'
          : `Row 1: no column is called “${h}”: ${known}`,
      ),
    ...COLUMNS.filter((c) => !headers.includes(c)).map((c) => `Row 1: the column “${c}” is missing: ${known}`),
  ];
}

/** The factors a CSV gives, by district id; every problem with its row, or none taken. */
export function factorsFromCsv(text: string, districts: Record<string, unknown>[]) {
  let records: Record<string, string>[];
  let headers: string[] = [];
  try {
    records = parse(text, {
      bom: true,
      columns: (h: string[]) => {
        headers = h.map((c) => c.trim());
        return headers;
      },
      skip_empty_lines: true,
      trim: true,
    });
  } catch {
    throw ValidationError.field(['input', 'factorsCsv'], 'The CSV could not be read: check its quotes and commas');
  }
  const wrongHeaders = headerErrors(headers);
  if (wrongHeaders.length)
    throw new ValidationError(
      'The CSV has errors',
      wrongHeaders.map((message) => ({ path: ['input', 'factorsCsv', '1'], message })),
    );
  const seen = new Set<unknown>();
  const errors = records.flatMap((r, i) => {
    const line = `Row ${i + 2}`;
    const district = districts.find((d) => String(d.name).toLowerCase() === (r.district ?? '').toLowerCase());
    const again = district && seen.has(district.id);
    if (district) seen.add(district.id);
    const pupils = Number(r.pupilsOnRoll);
    const deprivation = Number(r.deprivationIndex);
    const problems = [
      !district && `${line}: no district called “${r.district ?? ''}”`,
      again && `${line}: ${String(district.name)} is on an earlier row too: give each district once`,
      (!/^\d+$/.test(r.pupilsOnRoll ?? '') || pupils > 10_000_000) && `${line}: pupilsOnRoll must be a whole number`,
      (!/^\d+(\.\d{1,3})?$/.test(r.deprivationIndex ?? '') || deprivation > 1_000_000) &&
        `${line}: deprivationIndex must be a number with at most 3 decimals`,
    ].filter((p): p is string => Boolean(p));
    return problems.map((message) => ({ path: ['input', 'factorsCsv', String(i + 2)], message }));
  });
  if (records.length === 0) errors.push({ path: ['input', 'factorsCsv'], message: 'The CSV has no rows' });
  if (errors.length) throw new ValidationError('The CSV has errors', errors);
  return records.map((r) => ({
    districtId: Number(districts.find((d) => String(d.name).toLowerCase() === r.district!.toLowerCase())!.id),
    pupilsOnRoll: Number(r.pupilsOnRoll),
    deprivationIndex: Number(r.deprivationIndex),
  }));
}
