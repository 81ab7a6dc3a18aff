import { eq, inArray } from 'drizzle-orm';
import {
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
} from '../../../drizzle/schema';
import type { Tx } from '../transaction';
import { ensureTerms } from './ensure-terms';
import type { ImportedService } from './from-oruk';
import { derivedUuid } from './ids';
import { freeUuids, insertUnderFeedIds, type Lookups } from './import-write';
import { quoted } from './record-notes';
import { stable } from './snapshot';

// Writing a batch of imported services: a few multi-row statements for a whole page.

/** Fills coordinates a feed left out or gave off the globe from our postcode tables (two
 * statements for a whole page); drops a venue we cannot place. A point off the globe is noted
 * here, once, with what came of it, and a placed venue's own notes with it (a venue not imported
 * gets only that note). Done before a record is seen to be unchanged (import-page.ts), so the
 * notes are said on every run, as its others are. */
export async function placeLocations(tx: Tx, batch: ImportedService[]): Promise<ImportedService['locations'][]> {
  const missing = [
    ...new Set(
      batch.flatMap((s) => s.locations.filter((l) => l.latitude == null || l.longitude == null).map((l) => l.postcode)),
    ),
  ];
  const known = missing.length ? await tx.select().from(postcodes).where(inArray(postcodes.postcode, missing)) : [];
  const outward = [...new Set(missing.map((p) => p.split(' ')[0]!))];
  const outwards = outward.length
    ? await tx.select().from(postcodeOutwards).where(inArray(postcodeOutwards.outward, outward))
    : [];
  // Each said once: a feed may give the same text twice (an accessibility description and text).
  const say = (s: ImportedService, notes: string[]) => {
    for (const note of notes) {
      s.notes ??= [];
      if (!s.notes.includes(note)) s.notes.push(note);
    }
  };
  return batch.map((s) =>
    s.locations
      .map((l) => {
        if (l.latitude != null && l.longitude != null) {
          say(s, l.notes ?? []);
          return l;
        }
        const p =
          known.find((k) => k.postcode === l.postcode) ?? outwards.find((o) => o.outward === l.postcode.split(' ')[0]);
        const where = `location ${quoted(l.name)}:`;
        if (p) {
          say(s, [
            ...(l.offGlobe ? [`${where} ${l.offGlobe}: placed by its postcode instead`] : []),
            ...(l.notes ?? []),
          ]);
          return { ...l, latitude: p.latitude, longitude: p.longitude };
        }
        const postcode = `postcode "${l.postcode.slice(0, 12)}" is not one we know`;
        say(s, [`${where} ${l.offGlobe ?? 'no point'} and ${postcode}: venue not imported`]);
        return null;
      })
      .filter((l) => l != null),
  );
}

/** A service's schedules with UUIDs that stay the same when the listing is rewritten (as its
 * venues' do): from the feed's schedule id, else from what the schedule says. */
function scheduleRows(sourceId: number, s: ImportedService, serviceId: number) {
  const keys = new Set<string>();
  return s.schedules.map(({ externalId, ...x }) => {
    let key = externalId ?? `content:${stable(x)}`;
    // A repeated id (or the same opening twice) still gets a UUID of its own.
    for (let n = 2; keys.has(key); n++) key = `${externalId ?? `content:${stable(x)}`}#${n}`;
    keys.add(key);
    return { ...x, uuid: derivedUuid('imported-schedule', String(sourceId), s.externalId, key), serviceId };
  });
}

/** UUIDs for a service's parts the feed gives ids (contacts and their phones, languages, cost options, areas), the
 * same on every rewrite as its venues'; a part without an id gets a new one, as before. */
function partUuids(kind: string, sourceId: number, s: ImportedService) {
  const keys = new Set<string>();
  return <T extends { externalId?: string }>({ externalId, ...x }: T) => {
    if (!externalId) return x;
    let key = externalId;
    // A repeated id still gets a UUID of its own.
    for (let n = 2; keys.has(key); n++) key = `${externalId}#${n}`;
    keys.add(key);
    return { ...x, uuid: derivedUuid(`imported-${kind}`, String(sourceId), s.externalId, key) };
  };
}

export type ServiceWrite = {
  service: ImportedService;
  /** The mapped record as written, to tell the next run's changes apart. */
  snapshot: Record<string, unknown>;
  /** Our listing of it, when an earlier run created it. */
  existingId: number | null;
  /** Its venues as placed (placeLocations), those we cannot place left out. */
  locations: ImportedService['locations'];
  /** What storing its terms left out (a parent link closing a loop), set by the write that stored them. */
  termNotes?: string[];
};

/**
 * Creates or replaces the listings of a batch of imported services (the caller decided they
 * changed): one multi-row statement per table for the whole batch, plus one UPDATE per changed
 * listing. Their organisations must be known (upsertOrganisations). Returns their ids.
 */
export async function writeServices(
  tx: Tx,
  owner: { zoneId: number; sourceId: number },
  batch: ServiceWrite[],
  l: Lookups,
): Promise<number[]> {
  if (!batch.length) return [];
  const valuesOf = (s: ImportedService, snapshot: Record<string, unknown>) => ({
    ...s.fields,
    organisationId: l.orgByExternalId.get(s.organisationId)!,
    unitPricePence: null,
    unitName: null,
    commissionable: false,
    importSnapshot: snapshot,
    updatedAt: new Date(),
  });
  const ids = new Map<ServiceWrite, number>();
  const updates = batch.filter((w) => w.existingId != null);
  for (const w of updates) {
    await tx.update(services).set(valuesOf(w.service, w.snapshot)).where(eq(services.id, w.existingId!));
    ids.set(w, w.existingId!);
  }
  if (updates.length) {
    const old = updates.map((w) => w.existingId!);
    for (const table of [
      serviceLocations,
      serviceSchedules,
      serviceLanguages,
      serviceCostOptions,
      serviceContacts,
      serviceAreas,
      serviceCategories,
      serviceAttributes,
    ])
      await tx.delete(table).where(inArray(table.serviceId, old));
  }
  const inserts = batch.filter((w) => w.existingId == null);
  if (inserts.length) {
    // Published under the feed's own id where it is free (a rewrite keeps the UUID it has).
    const free = await freeUuids(
      tx,
      services,
      inserts.map((w) => w.service.externalId),
    );
    const values: (typeof services.$inferInsert)[] = inserts.map((w) => ({
      ...valuesOf(w.service, w.snapshot),
      ...(free.has(w.service.externalId) ? { uuid: w.service.externalId } : {}),
      zoneId: owner.zoneId,
      sourceId: owner.sourceId,
      externalId: w.service.externalId,
    }));
    const rows = await insertUnderFeedIds(values, (v) =>
      tx
        .insert(services)
        .values(v)
        .onConflictDoNothing({ target: services.uuid })
        .returning({ id: services.id, externalId: services.externalId }),
    );
    const byExternal = new Map(rows.map((r) => [r.externalId!, r.id]));
    for (const w of inserts) ids.set(w, byExternal.get(w.service.externalId)!);
  }
  // Other taxonomies' terms new to us (rare: a feed's terms repeat), then every child row.
  const loops = await ensureTerms(
    tx,
    batch.flatMap((w) => w.service.terms.flatMap((t) => (t.term ? [t.term] : []))),
    l,
  );
  // Said by each record carrying such a term; set afresh by each try (a refused batch is tried record by record).
  for (const w of batch) w.termNotes = w.service.terms.flatMap((t) => loops.get(t.uuid) ?? []);
  const rows = {
    locations: [] as (typeof serviceLocations.$inferInsert)[],
    schedules: [] as (typeof serviceSchedules.$inferInsert)[],
    languages: [] as (typeof serviceLanguages.$inferInsert)[],
    costOptions: [] as (typeof serviceCostOptions.$inferInsert)[],
    contacts: [] as (typeof serviceContacts.$inferInsert)[],
    areas: [] as (typeof serviceAreas.$inferInsert)[],
    categories: [] as (typeof serviceCategories.$inferInsert)[],
    attributes: [] as (typeof serviceAttributes.$inferInsert)[],
  };
  for (const w of batch) {
    const serviceId = ids.get(w)!;
    const s = w.service;
    for (const { externalId, offGlobe: _, notes: __, ...x } of w.locations)
      rows.locations.push({
        ...x,
        // The same feed venue keeps its UUID when the listing is rewritten (same source, service, id).
        uuid: derivedUuid('imported-venue', String(owner.sourceId), s.externalId, externalId),
        latitude: x.latitude!,
        longitude: x.longitude!,
        accessibility: x.accessibility as never,
        serviceId,
      });
    rows.schedules.push(...scheduleRows(owner.sourceId, s, serviceId));
    const language = partUuids('language', owner.sourceId, s);
    const cost = partUuids('cost-option', owner.sourceId, s);
    const contact = partUuids('contact', owner.sourceId, s);
    const area = partUuids('service-area', owner.sourceId, s);
    // One key space for the phones of all the service's contacts (a feed's phone ids are its own).
    const phone = partUuids('phone', owner.sourceId, s);
    for (const x of s.languages) rows.languages.push({ ...language(x), serviceId });
    for (const x of s.costOptions) rows.costOptions.push({ ...cost(x), serviceId });
    for (const c of s.contacts)
      rows.contacts.push({
        ...contact(c),
        phones: c.phones.map((p) => ({ uuid: crypto.randomUUID(), ...phone(p) })),
        serviceId,
      });
    for (const x of s.serviceAreas) rows.areas.push({ ...area(x), serviceId });
    const categoryIds = new Set<number>();
    const termIds = new Set<number>();
    for (const t of s.terms) {
      const category = l.categoryByUuid.get(t.uuid);
      if (category != null) categoryIds.add(category);
      else termIds.add(l.termByUuid.get(t.uuid)!);
    }
    for (const categoryId of categoryIds) rows.categories.push({ serviceId, categoryId });
    for (const taxonomyTermId of termIds) rows.attributes.push({ serviceId, taxonomyTermId });
  }
  if (rows.locations.length) await tx.insert(serviceLocations).values(rows.locations);
  if (rows.schedules.length) await tx.insert(serviceSchedules).values(rows.schedules);
  if (rows.languages.length) await tx.insert(serviceLanguages).values(rows.languages);
  if (rows.costOptions.length) await tx.insert(serviceCostOptions).values(rows.costOptions);
  if (rows.contacts.length) await tx.insert(serviceContacts).values(rows.contacts);
  if (rows.areas.length) await tx.insert(serviceAreas).values(rows.areas);
  if (rows.categories.length) await tx.insert(serviceCategories).values(rows.categories);
  if (rows.attributes.length) await tx.insert(serviceAttributes).values(rows.attributes);
  return batch.map((w) => ids.get(w)!);
}
