import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { ImportedTerm } from './from-oruk';
import { withoutHiddenControlsIn } from './hidden-controls';
import { UUID } from './ids';
import type { FetchedTerms, Lookups } from './import-write';
import { termFrom } from './service-parts';

// Most real feeds name a service's taxonomy terms by id only (an attribute's taxonomy_term_id).
// One we do not know is asked of the feed itself (an ORUK API's /taxonomy_terms/{id}) once a
// run, before the page's transaction; what cannot be had leaves the attribute out, noted
// (resolveReferences drops it from the record and notes it), never the service. A term's parent
// we do not hold is asked for too, and held (parentsToHold), so its published parent_id resolves.

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

/** Terms asked of the feed at once: a few, not one by one (each may wait up to 10 s), nor a flood. */
const CONCURRENCY = 4;
/** How far up a term's parents are followed: a real tree is a few levels deep. */
const MAX_PARENT_DEPTH = 8;

/** A term we hold already (ours, or another taxonomy's in any zone): a parent that needs no asking. */
const held = (id: string, l: Lookups) => l.categoryByUuid.has(id) || l.termByUuid.has(id);

/** The terms a page's records name by id only that we do not know, and the parents of the terms
 * they embed that we do not hold, not asked for yet. */
function wantedIds(records: unknown[], l: Lookups, asked: ReadonlyMap<string, unknown>): string[] {
  const ids = new Set<string>();
  for (const r of records) {
    if (!r || typeof r !== 'object') continue;
    for (const a of arr((r as Json).attributes)) {
      const id = str(a.taxonomy_term_id).toLowerCase();
      const embedded = a.taxonomy_term as Json | undefined;
      const parent = str(embedded?.parent_id).toLowerCase();
      if (UUID.test(parent) && !held(parent, l) && !asked.has(parent)) ids.add(parent);
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

/**
 * Asks the feed for the page's unknown terms, and then for the parents of what it answers that we
 * do not hold (so a published term's parent_id leads somewhere), each once a run (`asked` holds the
 * answers, in the order asked); a parent chain that loops stops at the term asked already.
 */
export async function lookUpTerms(
  records: unknown[],
  l: Lookups,
  lookup: TermLookup,
  asked: Map<string, ImportedTerm | string>,
): Promise<void> {
  let wanted = wantedIds(records, l, asked);
  for (let depth = 0; wanted.length && depth <= MAX_PARENT_DEPTH; depth++) {
    await askAll(wanted, lookup, asked);
    const parents = wanted.map((id) => asked.get(id)).flatMap((t) => (typeof t === 'object' ? [t.parentUuid] : []));
    wanted = [...new Set(parents.flatMap((p) => (p && UUID.test(p) ? [p.toLowerCase()] : [])))].filter(
      (p) => !held(p, l) && !asked.has(p),
    );
  }
}

/** Each id asked, CONCURRENCY at a time; the answers kept in the order of `ids`, whatever order they came in. */
async function askAll(ids: string[], lookup: TermLookup, asked: Map<string, ImportedTerm | string>) {
  const answers: (ImportedTerm | string)[] = [];
  let next = 0;
  const worker = async () => {
    for (let i = next++; i < ids.length; i = next++) {
      try {
        answers[i] = fetchedTerm(await lookup(ids[i]!), ids[i]!);
      } catch (error) {
        answers[i] = error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, ids.length) }, worker));
  for (const [i, id] of ids.entries()) asked.set(id, answers[i]!);
}

/**
 * The parents (and theirs) of `terms` that we do not hold and the feed answered for: held with
 * them. A chain that comes back to a term in it, or goes deeper than MAX_PARENT_DEPTH, stops there.
 */
export function parentsToHold(terms: ImportedTerm[], l: Lookups, fetched?: FetchedTerms): ImportedTerm[] {
  const out = new Map<string, ImportedTerm>();
  for (const t of terms) {
    const chain = new Set([t.uuid]);
    let parent = t.parentUuid?.toLowerCase();
    for (let depth = 0; parent && depth < MAX_PARENT_DEPTH && !chain.has(parent); depth++) {
      const found = fetched?.get(parent);
      if (held(parent, l) || out.has(parent) || !found || typeof found === 'string') break;
      out.set(parent, found);
      chain.add(parent);
      parent = found.parentUuid?.toLowerCase();
    }
  }
  return [...out.values()];
}
