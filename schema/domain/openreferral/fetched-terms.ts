import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ImportedTerm } from './from-oruk';
import { withoutHiddenControlsIn } from './hidden-controls';
import { UUID } from './ids';
import type { Lookups } from './import-write';
import { termFrom } from './service-parts';

// Most real feeds name a service's taxonomy terms by id only (an attribute's taxonomy_term_id).
// One we do not know is asked of the feed itself (an ORUK API's /taxonomy_terms/{id}) once a
// run, before the page's transaction; what cannot be had leaves the attribute out, noted
// (resolveReferences drops it from the record and notes it), never the service.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : []);

const ajv = new Ajv({ strict: false, allErrors: false });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
// The standard's taxonomy_term, as service.schema.json embeds it in an attribute.
const validateTerm = ajv.compile(
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'service.schema.json'), 'utf8')).properties.attributes.items
    .properties.taxonomy_term,
);

/** Looks up one term at the feed; throws (with a reason in plain words) when it cannot. */
export type TermLookup = (id: string) => Promise<unknown>;

/** The terms a page's records name by id only that we do not know and have not asked for yet. */
function wantedIds(records: unknown[], l: Lookups, asked: ReadonlyMap<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const r of records) {
    if (!r || typeof r !== 'object') continue;
    for (const a of arr((r as Json).attributes)) {
      const id = str(a.taxonomy_term_id).toLowerCase();
      const embedded = a.taxonomy_term as Json | undefined;
      if (!UUID.test(id) || (embedded && str(embedded.name))) continue;
      if (!l.categoryByUuid.has(id) && !l.zoneTerms.has(id) && !asked.has(id)) ids.add(id);
    }
  }
  return [...ids];
}

/** What the feed answered for `id` as our term, or why it is none. */
export function fetchedTerm(answer: unknown, id: string): ImportedTerm | string {
  const { record } = withoutHiddenControlsIn(answer);
  const t = record as Json;
  if (!validateTerm(record) || str(t?.id).toLowerCase() !== id)
    return `the feed's /taxonomy_terms/${id} is not that Open Referral taxonomy term`;
  return termFrom(t, id, `taxonomy term ${id}: `, []) ?? `the feed's /taxonomy_terms/${id} has no name`;
}

/** Asks the feed for the page's unknown terms, each once a run (`asked` holds the answers). */
export async function lookUpTerms(
  records: unknown[],
  l: Lookups,
  lookup: TermLookup,
  asked: Map<string, ImportedTerm | string>,
): Promise<void> {
  for (const id of wantedIds(records, l, asked)) {
    try {
      asked.set(id, fetchedTerm(await lookup(id), id));
    } catch (error) {
      asked.set(id, error instanceof Error ? error.message : String(error));
    }
  }
}
