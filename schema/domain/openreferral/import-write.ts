import { and, eq, inArray, sql } from 'drizzle-orm';
import {
  categories,
  importSources,
  organisations,
  serviceAttributes,
  services,
  taxonomyTerms,
} from '../../../drizzle/schema';
import type { Tx } from '../transaction';
import type { ImportedOrganisation, ImportedService, ImportedTerm } from './from-oruk';
import { UUID } from './ids';

// What an imported page needs before its services are written: lookups and its organisations
// (other taxonomies' terms: ensure-terms.ts).

export class RecordProblem extends Error {}

export type Lookups = {
  categoryByUuid: Map<string, number>;
  termByUuid: Map<string, number>;
  /** Terms a record may name by id alone: its zone's (on its listings) and those on no listing. A
   * term only other zones' listings carry is theirs: named by id, it is not found. */
  zoneTerms: Set<string>;
  orgByExternalId: Map<string, number>;
  /** What each known organisation says now, so an unchanged one costs no statement. */
  orgFields: Map<number, string>;
};

type OrgFields = Pick<NonNullable<ImportedOrganisation>, 'name' | 'description' | 'email' | 'website'> &
  Partial<Pick<NonNullable<ImportedOrganisation>, 'charityNumber' | 'companyNumber' | 'phone'>>;
const orgFieldsOf = (o: OrgFields) =>
  JSON.stringify([
    o.name,
    o.description,
    o.email,
    o.website,
    o.charityNumber ?? null,
    o.companyNumber ?? null,
    o.phone ?? null,
  ]);

export async function loadLookups(tx: Tx, sourceId: number | null): Promise<Lookups> {
  const cats = await tx.select({ id: categories.id, uuid: categories.uuid }).from(categories);
  const [source] =
    sourceId == null
      ? []
      : await tx.select({ zoneId: importSources.zoneId }).from(importSources).where(eq(importSources.id, sourceId));
  const terms = await tx
    .select({
      id: taxonomyTerms.id,
      uuid: taxonomyTerms.uuid,
      ours: sql<boolean>`coalesce(bool_or(${services.zoneId} = ${source?.zoneId ?? null}::integer), false) or count(${services.id}) = 0`,
    })
    .from(taxonomyTerms)
    .leftJoin(serviceAttributes, eq(serviceAttributes.taxonomyTermId, taxonomyTerms.id))
    .leftJoin(services, eq(services.id, serviceAttributes.serviceId))
    .groupBy(taxonomyTerms.id);
  const orgs =
    sourceId == null
      ? []
      : await tx
          .select({
            id: organisations.id,
            externalId: organisations.externalId,
            name: organisations.name,
            description: organisations.description,
            email: organisations.email,
            website: organisations.website,
            charityNumber: organisations.charityNumber,
            companyNumber: organisations.companyNumber,
            phone: organisations.phone,
          })
          .from(organisations)
          .where(eq(organisations.sourceId, sourceId));
  return {
    categoryByUuid: new Map(cats.map((c) => [c.uuid, c.id])),
    termByUuid: new Map(terms.map((t) => [t.uuid, t.id])),
    zoneTerms: new Set(terms.filter((t) => t.ours).map((t) => t.uuid)),
    orgByExternalId: new Map(orgs.map((o) => [o.externalId!, o.id])),
    orgFields: new Map(orgs.map((o) => [o.id, orgFieldsOf(o)])),
  };
}

/** What a run learnt of the terms its feed names by id only (fetched-terms.ts): the term, or why not. */
export type FetchedTerms = ReadonlyMap<string, ImportedTerm | string>;

/**
 * Resolves what a record refers to, changing the record: throws RecordProblem when its organisation
 * is neither known nor given. A term named by id only that we do not know (nor could fetch) is
 * dropped from s.terms and noted in s.notes; a fetched one is put in its place. Returns the notes it
 * added (one per dropped term), so a caller sees what it changed.
 */
export function resolveReferences(
  s: ImportedService,
  org: ImportedOrganisation,
  l: Lookups,
  fetched?: FetchedTerms,
): string[] {
  if (!l.orgByExternalId.has(s.organisationId) && (!org || org.externalId !== s.organisationId))
    throw new RecordProblem(`organisation ${s.organisationId} is not in the feed`);
  const notes: string[] = [];
  s.terms = s.terms.flatMap((t) => {
    // Ours, embedded (a term the record embeds is the feed's own: a shared list's term keeps its
    // id everywhere; one with no taxonomy goes under an unnamed one, ensureTerms), or the zone's.
    if (l.categoryByUuid.has(t.uuid) || t.term || l.zoneTerms.has(t.uuid)) return [t];
    const found = fetched?.get(t.uuid);
    if (found && typeof found !== 'string') return [{ uuid: t.uuid, term: found }];
    notes.push(
      `taxonomy term ${t.uuid} not imported: the feed names it by id only and it is not known here${found ? ` (${found})` : ''}`,
    );
    return [];
  });
  if (notes.length) s.notes = [...(s.notes ?? []), ...notes];
  // Embedded here, the zone's from now on: later records may name them by id.
  for (const t of s.terms) if (t.term) l.zoneTerms.add(t.uuid);
  return notes;
}

/**
 * The feed's ids that may be our published UUIDs in `table` (audit 61 F6): each a UUID no row of
 * it has yet, in any zone, so a round trip keeps ids and readers of both feeds can tell the same
 * record. The same id imported again (another source or zone) gets a new UUID, as before.
 */
export async function freeUuids(tx: Tx, table: typeof services | typeof organisations, ids: string[]) {
  const wanted = [...new Set(ids.filter((id) => UUID.test(id)))];
  if (!wanted.length) return new Set<string>();
  const taken = await tx.select({ uuid: table.uuid }).from(table).where(inArray(table.uuid, wanted));
  const used = new Set(taken.map((t) => t.uuid));
  return new Set(wanted.filter((id) => !used.has(id)));
}

/**
 * Inserts rows, those under a feed's id where freeUuids found it free. Another import (another
 * source: each source has its own lock) or a provider may take that id between the look and the
 * insert, so `insert` does nothing on a conflict on uuid: PostgreSQL waits for the other
 * transaction's row and skips ours only if it committed. Those skipped are inserted again under
 * new UUIDs: one more statement, and only then.
 */
export async function insertUnderFeedIds<V extends { uuid?: string; externalId?: string | null }, R>(
  values: V[],
  insert: (values: V[]) => Promise<(R & { externalId: string | null })[]>,
): Promise<(R & { externalId: string | null })[]> {
  const rows = await insert(values);
  const inserted = new Set(rows.map((r) => r.externalId));
  const taken = values.filter((v) => !inserted.has(v.externalId ?? null));
  if (!taken.length) return rows;
  return [...rows, ...(await insert(taken.map(({ uuid: _, ...v }) => v as V)))];
}

/**
 * The organisations a page's records belong to: one multi-row insert for those new to us, an
 * update for each known one whose details changed. Returns feed id -> our id (also cached in l).
 */
export async function upsertOrganisations(
  tx: Tx,
  zoneId: number,
  sourceId: number,
  wanted: { externalId: string; org: ImportedOrganisation }[],
  l: Lookups,
): Promise<void> {
  const fresh = new Map<string, NonNullable<ImportedOrganisation>>();
  for (const { externalId, org } of wanted) {
    const known = l.orgByExternalId.get(externalId);
    if (known == null) {
      if (org) fresh.set(externalId, org); // the last record's details win, as they would one by one
    } else if (org && l.orgFields.get(known) !== orgFieldsOf(org)) {
      const { externalId: _, ...fields } = org;
      await tx
        .update(organisations)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(organisations.id, known));
      l.orgFields.set(known, orgFieldsOf(org));
    }
  }
  if (!fresh.size) return;
  const free = await freeUuids(tx, organisations, [...fresh.keys()]);
  const values: (typeof organisations.$inferInsert)[] = [...fresh].map(([externalId, org]) => ({
    ...(free.has(externalId) ? { uuid: externalId } : {}),
    zoneId,
    kind: 'OTHER' as const,
    name: org.name,
    description: org.description,
    email: org.email,
    website: org.website,
    charityNumber: org.charityNumber,
    companyNumber: org.companyNumber,
    phone: org.phone,
    sourceId,
    externalId,
  }));
  const rows = await insertUnderFeedIds(values, (v) =>
    tx
      .insert(organisations)
      .values(v)
      .onConflictDoNothing({ target: organisations.uuid })
      .returning({ id: organisations.id, externalId: organisations.externalId }),
  );
  for (const row of rows) {
    l.orgByExternalId.set(row.externalId!, row.id);
    l.orgFields.set(row.id, orgFieldsOf(fresh.get(row.externalId!)!));
  }
}

export async function existingServices(tx: Tx, sourceId: number, externalIds: string[]) {
  if (!externalIds.length) return [];
  return (
    tx
      .select({
        id: services.id,
        externalId: services.externalId,
        name: services.name,
        status: services.status,
        claimed: services.claimed,
        importSnapshot: services.importSnapshot,
      })
      .from(services)
      .where(and(eq(services.sourceId, sourceId), inArray(services.externalId, externalIds)))
      // Locked for the page: a claim at the same moment waits, or is seen (claimImportedService).
      .for('update')
  );
}
