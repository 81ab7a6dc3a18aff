import {
  canonicalText,
  hasHiddenControls,
  hasLoneSurrogate,
  withLoneSurrogatesReplaced,
  withoutHiddenControls,
} from '../text';

// A feed's text with hidden control characters (NUL, ESC, C1 controls, bidirectional overrides
// and isolates: ../text.ts) would reach our listings, CSV exports, emails and logs as given, and
// could make one listing's name show as another's. The importer takes them out of every string
// of a record before reading it, and says which fields it cleaned in the run's notes. It also
// stores text composed (NFC), as our forms do: "e" + U+0301 is "é", found by the "café" people type
// (a change of form, not of text, so no note).

/** At most this many fields are named in a note; the rest are counted. */
const NAMED = 5;

type Found = { controls: string[]; halves: string[]; recomposed: boolean };
type Cleaned = { record: unknown; fields: string[]; halves: string[] };

function clean(value: unknown, path: string, found: Found): unknown {
  if (typeof value === 'string') {
    let text = value;
    if (hasHiddenControls(text)) {
      found.controls.push(path || 'record');
      text = withoutHiddenControls(text);
    }
    // Half of a UTF-16 surrogate pair has no UTF-8 form, so PostgreSQL would refuse the record: U+FFFD.
    if (hasLoneSurrogate(text)) {
      found.halves.push(path || 'record');
      text = withLoneSurrogatesReplaced(text);
    }
    const composed = canonicalText(text);
    if (composed !== text) found.recomposed = true;
    return composed;
  }
  if (Array.isArray(value)) return value.map((inner, i) => clean(inner, `${path}[${i}]`, found));
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, clean(inner, path ? `${path}.${key}` : key, found)]),
    );
  return value;
}

/** The record with hidden control characters removed from its text (half surrogate pairs
 * replaced, and all of it composed, NFC), and the fields that had controls or halves. */
export function withoutHiddenControlsIn(record: unknown): Cleaned {
  const found: Found = { controls: [], halves: [], recomposed: false };
  const cleaned = clean(record, '', found);
  const changed = found.recomposed || found.controls.length + found.halves.length > 0;
  return { record: changed ? cleaned : record, fields: found.controls, halves: found.halves };
}

const named = (fields: string[]) =>
  `${fields.slice(0, NAMED).join(', ')}${fields.length > NAMED ? ` and ${fields.length - NAMED} more` : ''}`;

/** The run's notes for a record whose text was cleaned, or none. */
export function hiddenControlsNote(fields: string[], halves: string[] = []): string[] {
  return [
    ...(fields.length ? [`hidden control characters removed from ${named(fields)}`] : []),
    ...(halves.length ? [`half a surrogate pair (no such character) replaced with \uFFFD in ${named(halves)}`] : []),
  ];
}
