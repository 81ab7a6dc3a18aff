import { and, eq, inArray } from 'drizzle-orm';
import {
  categories,
  organisations,
  postcodeOutwards,
  postcodes,
  serviceAreas,
  serviceAttributes,
  serviceCategories,
  serviceContacts,
  serviceCostOptions,
  serviceLanguages,
  serviceLocations,
  serviceSchedules,
  services,
  taxonomies,
  taxonomyTerms,
} from '../../../drizzle/schema';
import type { Tx } from '../transaction';
import type { ImportedOrganisation, ImportedService, ImportedTerm } from './from-oruk';
import { derivedUuid } from './ids';

// Writing one imported service and what it needs (its organisation, other taxonomies' terms).

export class RecordProblem extends Error {}

export type Lookups = {
  categoryByUuid: Map<string, number>;
  termByUuid: Map<string, number>;
  orgByExternalId: Map<string, number>;
  /** What each known organisation says now, so an unchanged one costs no statement. */
  orgFields: Map<number, string>;
};

const orgFieldsOf = (o: { name: string; description: string; email: string | null; website: string | null }) =>
  JSON.stringify([o.name, o.description, o.email, o.website]);

export async function loadLookups(tx: Tx, sourceId: number | null): Promise<Lookups> {
  const cats = await tx.select({ id: categories.id, uuid: categories.uuid }).from(categories);
  const terms = await tx.select({ id: taxonomyTerms.id, uuid: taxonomyTerms.uuid }).from(taxonomyTerms);
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
          })
          .from(organisations)
          .where(eq(organisations.sourceId, sourceId));
  return {
    categoryByUuid: new Map(cats.map((c) => [c.uuid, c.id])),
    termByUuid: new Map(terms.map((t) => [t.uuid, t.id])),
    orgByExternalId: new Map(orgs.map((o) => [o.externalId!, o.id])),
    orgFields: new Map(orgs.map((o) => [o.id, orgFieldsOf(o)])),
  };
}

/** Checks what a record refers to exists (or comes with it); throws RecordProblem if not. */
export function checkReferences(s: ImportedService, org: ImportedOrganisation, l: Lookups) {
  if (!l.orgByExternalId.has(s.organisationId) && (!org || org.externalId !== s.organisationId))
    throw new RecordProblem(`organisation ${s.organisationId} is not in the feed`);
  for (const t of s.terms) {
    if (l.categoryByUuid.has(t.uuid) || l.termByUuid.has(t.uuid)) continue;
    if (!t.term) throw new RecordProblem(`unknown taxonomy term ${t.uuid}`);
    if (!t.term.taxonomy.uuid && !t.term.taxonomy.name)
      throw new RecordProblem(`unknown taxonomy for term ${t.uuid} (${t.term.name})`);
  }
}

export async function upsertOrganisation(
  tx: Tx,
  zoneId: number,
  sourceId: number,
  org: ImportedOrganisation,
  externalId: string,
  l: Lookups,
): Promise<number> {
  const known = l.orgByExternalId.get(externalId);
  if (known != null) {
    if (org && l.orgFields.get(known) !== orgFieldsOf(org)) {
      const fields = { name: org.name, description: org.description, email: org.email, website: org.website };
      await tx
        .update(organisations)
        .set({ ...fields, updatedAt: new Date() })
        .where(eq(organisations.id, known));
      l.orgFields.set(known, orgFieldsOf(org));
    }
    return known;
  }
  const [row] = await tx
    .insert(organisations)
    .values({
      zoneId,
      kind: 'OTHER',
      name: org!.name,
      description: org!.description,
      email: org!.email,
      website: org!.website,
      sourceId,
      externalId,
    })
    .returning({ id: organisations.id });
  l.orgByExternalId.set(externalId, row!.id);
  l.orgFields.set(row!.id, orgFieldsOf(org!));
  return row!.id;
}

async function ensureTerm(tx: Tx, t: ImportedTerm, l: Lookups): Promise<number> {
  const taxonomyUuid = t.taxonomy.uuid ?? derivedUuid('taxonomy', t.taxonomy.name!);
  let [taxonomy] = await tx.select({ id: taxonomies.id }).from(taxonomies).where(eq(taxonomies.uuid, taxonomyUuid));
  if (!taxonomy) {
    [taxonomy] = await tx
      .insert(taxonomies)
      .values({ uuid: taxonomyUuid, name: t.taxonomy.name ?? 'Unnamed taxonomy' })
      .returning({ id: taxonomies.id });
  }
  const [row] = await tx
    .insert(taxonomyTerms)
    .values({
      uuid: t.uuid,
      taxonomyId: taxonomy!.id,
      parentUuid: t.parentUuid,
      code: t.code,
      name: t.name,
      description: t.description,
      termUri: t.termUri,
    })
    .returning({ id: taxonomyTerms.id });
  l.termByUuid.set(t.uuid, row!.id);
  return row!.id;
}

/** Fills coordinates a feed left out from our postcode tables; drops a venue we cannot place. */
export async function placeLocations(tx: Tx, s: ImportedService): Promise<ImportedService['locations']> {
  const missing = s.locations.filter((l) => l.latitude == null || l.longitude == null).map((l) => l.postcode);
  if (!missing.length) return s.locations;
  const known = await tx.select().from(postcodes).where(inArray(postcodes.postcode, missing));
  const outwards = await tx
    .select()
    .from(postcodeOutwards)
    .where(
      inArray(
        postcodeOutwards.outward,
        missing.map((p) => p.split(' ')[0]!),
      ),
    );
  return s.locations
    .map((l) => {
      if (l.latitude != null && l.longitude != null) return l;
      const p =
        known.find((k) => k.postcode === l.postcode) ?? outwards.find((o) => o.outward === l.postcode.split(' ')[0]);
      return p ? { ...l, latitude: p.latitude, longitude: p.longitude } : null;
    })
    .filter((l) => l != null);
}

/** Creates or replaces the listing of one imported service (the caller decided it changed). */
export async function writeService(
  tx: Tx,
  owner: { zoneId: number; sourceId: number; organisationId: number; existingId: number | null },
  s: ImportedService,
  snapshot: Record<string, unknown>,
  l: Lookups,
): Promise<number> {
  const values = {
    ...s.fields,
    organisationId: owner.organisationId,
    unitPricePence: null,
    unitName: null,
    commissionable: false,
    importSnapshot: snapshot,
    updatedAt: new Date(),
  };
  let id = owner.existingId;
  if (id == null) {
    const [row] = await tx
      .insert(services)
      .values({ ...values, zoneId: owner.zoneId, sourceId: owner.sourceId, externalId: s.externalId })
      .returning({ id: services.id });
    id = row!.id;
  } else {
    await tx.update(services).set(values).where(eq(services.id, id));
    for (const table of [
      serviceLocations,
      serviceSchedules,
      serviceLanguages,
      serviceCostOptions,
      serviceContacts,
      serviceAreas,
      serviceCategories,
      serviceAttributes,
    ]) {
      await tx.delete(table).where(eq(table.serviceId, id));
    }
  }
  const serviceId = id;
  const locations = await placeLocations(tx, s);
  if (locations.length)
    await tx.insert(serviceLocations).values(
      locations.map((x) => ({
        ...x,
        latitude: x.latitude!,
        longitude: x.longitude!,
        accessibility: x.accessibility as never,
        serviceId,
      })),
    );
  if (s.schedules.length) await tx.insert(serviceSchedules).values(s.schedules.map((x) => ({ ...x, serviceId })));
  if (s.languages.length) await tx.insert(serviceLanguages).values(s.languages.map((x) => ({ ...x, serviceId })));
  if (s.costOptions.length) await tx.insert(serviceCostOptions).values(s.costOptions.map((x) => ({ ...x, serviceId })));
  if (s.contacts.length)
    await tx.insert(serviceContacts).values(
      s.contacts.map((c) => ({
        ...c,
        phones: c.phones.map((p) => ({ ...p, uuid: crypto.randomUUID() })),
        serviceId,
      })),
    );
  if (s.serviceAreas.length) await tx.insert(serviceAreas).values(s.serviceAreas.map((x) => ({ ...x, serviceId })));
  const categoryIds = new Set<number>();
  const termIds = new Set<number>();
  for (const t of s.terms) {
    const category = l.categoryByUuid.get(t.uuid);
    if (category != null) categoryIds.add(category);
    else termIds.add(l.termByUuid.get(t.uuid) ?? (await ensureTerm(tx, t.term!, l)));
  }
  if (categoryIds.size)
    await tx.insert(serviceCategories).values([...categoryIds].map((categoryId) => ({ serviceId, categoryId })));
  if (termIds.size)
    await tx.insert(serviceAttributes).values([...termIds].map((taxonomyTermId) => ({ serviceId, taxonomyTermId })));
  return serviceId;
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
