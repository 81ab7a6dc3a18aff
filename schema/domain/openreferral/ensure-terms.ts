import { inArray } from 'drizzle-orm';
import { taxonomies, taxonomyTerms } from '../../../drizzle/schema';
import type { Tx } from '../transaction';
import type { ImportedTerm } from './from-oruk';
import { derivedUuid } from './ids';
import type { Lookups } from './import-write';
import { withoutLoops } from './term-loops';

// Other taxonomies' terms an import brings, held under the UUIDs the feed gave them.

/**
 * Rows by UUID, a taxonomy's or a term's identity: those `insert` added (it does nothing on a
 * conflict on uuid) and those another import inserted meanwhile (its transaction committed while
 * ours waited on the row), read back and used as they are: one more statement, and only then.
 */
async function insertedOrHeld<R extends { uuid: string }>(
  uuids: string[],
  insert: () => Promise<R[]>,
  held: (uuids: string[]) => Promise<R[]>,
): Promise<R[]> {
  const rows = await insert();
  const inserted = new Set(rows.map((r) => r.uuid));
  const others = uuids.filter((uuid) => !inserted.has(uuid));
  return others.length ? [...rows, ...(await held(others))] : rows;
}

/**
 * Other taxonomies' terms new to us (and their taxonomies): at most four statements for a batch
 * (one more per table only when another import inserted the same rows meanwhile). A
 * parent link that would close a loop is left out (term-loops.ts); returns the note for each such
 * term, by its id, for the records that carry it.
 */
export async function ensureTerms(tx: Tx, wanted: ImportedTerm[], l: Lookups): Promise<Map<string, string>> {
  const terms = new Map<string, ImportedTerm>();
  for (const t of wanted) if (!l.termByUuid.has(t.uuid) && !l.categoryByUuid.has(t.uuid)) terms.set(t.uuid, t);
  if (!terms.size) return new Map();
  // A term that names no taxonomy at all (ORUK requires only id, name and description) goes
  // under one unnamed taxonomy, as one naming only a taxonomy_id goes under an unnamed one of that id.
  const taxonomyOf = (t: ImportedTerm) => t.taxonomy.uuid ?? derivedUuid('taxonomy', t.taxonomy.name ?? '');
  // A taxonomy new to us: its name, and what the feed says of it (HSDS taxonomy_detail) if anything.
  const named = new Map(
    [...terms.values()].map((t) => [
      taxonomyOf(t),
      {
        name: t.taxonomy.name ?? 'Unnamed taxonomy',
        description: t.taxonomy.detail?.description ?? '',
        uri: t.taxonomy.detail?.uri ?? null,
        version: t.taxonomy.detail?.version ?? null,
      },
    ]),
  );
  const known = await tx
    .select({ id: taxonomies.id, uuid: taxonomies.uuid })
    .from(taxonomies)
    .where(inArray(taxonomies.uuid, [...named.keys()]));
  const taxonomyId = new Map(known.map((t) => [t.uuid, t.id]));
  const missing = [...named].filter(([uuid]) => !taxonomyId.has(uuid));
  if (missing.length) {
    const rows = await insertedOrHeld(
      missing.map(([uuid]) => uuid),
      () =>
        tx
          .insert(taxonomies)
          .values(missing.map(([uuid, fields]) => ({ uuid, ...fields })))
          .onConflictDoNothing({ target: taxonomies.uuid })
          .returning({ id: taxonomies.id, uuid: taxonomies.uuid }),
      (others) =>
        tx
          .select({ id: taxonomies.id, uuid: taxonomies.uuid })
          .from(taxonomies)
          .where(inArray(taxonomies.uuid, others)),
    );
    for (const r of rows) taxonomyId.set(r.uuid, r.id);
  }
  const { terms: stored, notes } = await withoutLoops(tx, [...terms.values()]);
  const rows = await insertedOrHeld(
    stored.map((t) => t.uuid),
    () =>
      tx
        .insert(taxonomyTerms)
        .values(
          stored.map((t) => ({
            uuid: t.uuid,
            taxonomyId: taxonomyId.get(taxonomyOf(t))!,
            parentUuid: t.parentUuid,
            code: t.code,
            name: t.name,
            description: t.description,
            termUri: t.termUri,
          })),
        )
        .onConflictDoNothing({ target: taxonomyTerms.uuid })
        .returning({ id: taxonomyTerms.id, uuid: taxonomyTerms.uuid }),
    (others) =>
      tx
        .select({ id: taxonomyTerms.id, uuid: taxonomyTerms.uuid })
        .from(taxonomyTerms)
        .where(inArray(taxonomyTerms.uuid, others)),
  );
  for (const r of rows) l.termByUuid.set(r.uuid, r.id);
  return notes;
}
