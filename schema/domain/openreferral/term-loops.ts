import { inArray, sql } from 'drizzle-orm';
import { taxonomyTerms } from '../../../drizzle/schema';
import { rowsOf } from '../rows';
import type { Tx } from '../transaction';
import type { ImportedTerm } from './from-oruk';
import { UUID } from './ids';

// A feed may give terms whose parents lead back to them (A's parent B, B's parent A; A its own
// parent; or B held from an earlier page or run with parent A, and now A with parent B). Held as
// given, our feed would repeat the loop and a reader walking up the tree would never stop. The
// link that would close a loop is not held: the one of the term stored now (the later one in a
// batch, as record by record), never a term held already; the record's notes say so.

/** The note for a term held with no parent because its parent leads back to it. */
export const loopNote = (t: ImportedTerm) =>
  `taxonomy term ${t.uuid}: its parent ${t.parentUuid} leads back to it, so it is held with no parent`;

/**
 * `terms` (new to us, in the order they are stored) with each parent link that would close a loop
 * left out, and the note for each such term by its id. One statement: the held terms up the chain
 * of the batch's parents, walked at once (a loop held already ends the walk: union).
 */
export async function withoutLoops(
  tx: Tx,
  terms: ImportedTerm[],
): Promise<{ terms: ImportedTerm[]; notes: Map<string, string> }> {
  const ids = new Set(terms.map((t) => t.uuid.toLowerCase()));
  const starts = [
    ...new Set(terms.flatMap((t) => (t.parentUuid && UUID.test(t.parentUuid) ? [t.parentUuid.toLowerCase()] : []))),
  ].filter((p) => !ids.has(p));
  // Each term's parent as held (and, below, as this batch stores it).
  const parentOf = new Map<string, string | null>();
  if (starts.length) {
    const held = rowsOf<{ uuid: string; parent: string | null }>(
      await tx.execute(sql`with recursive up as (
        select "uuid", "parentUuid" from ${taxonomyTerms} where ${inArray(taxonomyTerms.uuid, starts)}
        union
        select p."uuid", p."parentUuid" from ${taxonomyTerms} p join up on p."uuid" = up."parentUuid"
      ) select "uuid"::text as uuid, "parentUuid"::text as parent from up`),
    );
    for (const h of held) parentOf.set(h.uuid, h.parent);
  }
  const notes = new Map<string, string>();
  const kept = terms.map((t) => {
    const id = t.uuid.toLowerCase();
    const parent = t.parentUuid?.toLowerCase() ?? null;
    // Up from its parent until a root, a term not held, a loop above it, or itself.
    const seen = new Set<string>();
    let at = parent;
    while (at && at !== id && !seen.has(at)) {
      seen.add(at);
      at = parentOf.get(at) ?? null;
    }
    const loops = at === id;
    parentOf.set(id, loops ? null : parent);
    if (!loops) return t;
    notes.set(t.uuid, loopNote(t));
    return { ...t, parentUuid: null };
  });
  return { terms: kept, notes };
}
