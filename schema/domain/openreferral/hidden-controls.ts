import { hasHiddenControls, withoutHiddenControls } from '../text';

// A feed's text with hidden control characters (NUL, ESC, C1 controls, bidirectional overrides
// and isolates: ../text.ts) would reach our listings, CSV exports, emails and logs as given, and
// could make one listing's name show as another's. The importer takes them out of every string
// of a record before reading it, and says which fields it cleaned in the run's notes.

/** At most this many fields are named in a note; the rest are counted. */
const NAMED = 5;

type Cleaned = { record: unknown; fields: string[] };

function clean(value: unknown, path: string, fields: string[]): unknown {
  if (typeof value === 'string') {
    if (!hasHiddenControls(value)) return value;
    fields.push(path || 'record');
    return withoutHiddenControls(value);
  }
  if (Array.isArray(value)) return value.map((inner, i) => clean(inner, `${path}[${i}]`, fields));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, clean(inner, path ? `${path}.${key}` : key, fields)]),
    );
  return value;
}

/** The record with hidden control characters removed from its text, and the fields that had them. */
export function withoutHiddenControlsIn(record: unknown): Cleaned {
  const fields: string[] = [];
  const cleaned = clean(record, '', fields);
  return { record: fields.length ? cleaned : record, fields };
}

/** The run's note for a record whose text was cleaned, or none. */
export function hiddenControlsNote(fields: string[]): string[] {
  if (!fields.length) return [];
  const more = fields.length > NAMED ? ` and ${fields.length - NAMED} more` : '';
  return [`hidden control characters removed from ${fields.slice(0, NAMED).join(', ')}${more}`];
}
