import path from 'node:path';
import { and, eq, inArray } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { districts, importSources, organisations, serviceDistricts, services, zones } from '../../drizzle/schema';
import { type ImportSummary, runImport } from '../../schema/domain/openreferral/importer';
import { inTransaction, type Tx } from '../../schema/domain/transaction';
import type { Logger } from '../logger';
import { fileReader } from '../openreferral/readers';
import LOCAL from './data/demo-directory.local.json';

// The demo partner network is data: its organisations and listings are an Open Referral UK v3
// file (data/demo-directory.oruk.json), loaded through the same importer as any other
// directory's feed, so every start exercises it. What the standard does not carry (prices,
// commissioning, capacity, evidence, review dates, districts, the main contact, DRAFT) is in
// data/demo-directory.local.json, keyed by ORUK id. The seed applies it and claims the listings
// for the zone: they are local listings the demo providers edit, and later runs leave them alone.

export const DEMO_DIRECTORY_FILE = path.join(import.meta.dirname, 'data', 'demo-directory.oruk.json');
/** The source the listings are marked with (the same on every machine). */
export const DEMO_DIRECTORY_SOURCE = 'file:server/seed/data/demo-directory.oruk.json';

type Mode = 'IN_SCHOOL' | 'COMMUNITY_VENUE' | 'HOME' | 'ONLINE';
type Evidence = 'NONE' | 'EMERGING' | 'PROMISING' | 'ESTABLISHED' | 'PROVEN';
type LocalService = {
  name: string;
  status: 'DRAFT' | 'PUBLISHED' | 'ARCHIVED';
  deliveryModes: Mode[];
  unitPricePence: number | null;
  unitName: string | null;
  commissionable: boolean;
  capacity: number | null;
  evidenceLevel: Evidence;
  referralLeadTimeDays: number | null;
  selfReferral: boolean | null;
  contactName: string | null;
  contactPhone: string | null;
  lastReviewedAt: string;
  districts: string[];
};
type Kind = 'VCSE' | 'SOCIAL_ENTERPRISE' | 'LOCAL_AUTHORITY' | 'NHS' | 'SCHOOL' | 'OTHER';
type LocalOrganisation = { name: string; kind: Kind; charityNumber: string | null; phone: string | null };
const local = LOCAL as unknown as {
  services: Record<string, LocalService>;
  organisations: Record<string, LocalOrganisation>;
};

/**
 * Imports the demo directory into the zone and makes what is new local: our fields applied,
 * claimed, its ids those of the file. Returns the import's summary; throws if the file has a
 * record the importer refused or one without its local fields (the file is ours: it must be clean).
 */
export async function importDemoDirectory(tx: Tx, zoneId: number): Promise<ImportSummary> {
  const summary = await runImport(tx as unknown as Db, fileReader(DEMO_DIRECTORY_FILE), {
    zoneId,
    location: DEMO_DIRECTORY_SOURCE,
    tx,
  });
  if (summary.problems.length)
    throw new Error(`The demo directory has bad records: ${JSON.stringify(summary.problems.slice(0, 5))}`);
  const [source] = await tx
    .select({ id: importSources.id })
    .from(importSources)
    .where(and(eq(importSources.zoneId, zoneId), eq(importSources.location, DEMO_DIRECTORY_SOURCE)));
  const fresh = await tx
    .select({ id: services.id, externalId: services.externalId, name: services.name, org: services.organisationId })
    .from(services)
    .where(and(eq(services.sourceId, source!.id), eq(services.claimed, false)));
  if (!fresh.length) return summary;
  const districtId = new Map(
    (await tx.select().from(districts).where(eq(districts.zoneId, zoneId))).map((d) => [d.name, d.id]),
  );
  for (const s of fresh) {
    const extra = local.services[s.externalId!];
    if (!extra || extra.name !== s.name)
      throw new Error(`The demo listing ${s.externalId} (${s.name}) has no entry in demo-directory.local.json`);
    const { name: _, districts: names, ...columns } = extra;
    await tx
      .update(services)
      .set({ ...columns, uuid: s.externalId!, claimed: true })
      .where(eq(services.id, s.id));
    const ids = names.map((n) => districtId.get(n)).filter((id) => id != null);
    if (ids.length)
      await tx.insert(serviceDistricts).values(ids.map((districtId) => ({ serviceId: s.id, districtId })));
  }
  // Their organisations: the kind, charity number and phone the standard's service feed leaves out.
  const orgs = await tx
    .select({ id: organisations.id, externalId: organisations.externalId })
    .from(organisations)
    .where(
      inArray(
        organisations.id,
        fresh.map((s) => s.org),
      ),
    );
  for (const o of orgs) {
    const extra = local.organisations[o.externalId!];
    if (!extra) continue;
    await tx
      .update(organisations)
      .set({ kind: extra.kind, charityNumber: extra.charityNumber, phone: extra.phone, uuid: o.externalId! })
      .where(eq(organisations.id, o.id));
  }
  return summary;
}

/**
 * On a start with demo data already there: runs the demo directory's import again (it changes
 * nothing the zone has claimed, and adds what the file gained since). Only where the demo zone
 * was seeded from this file, so an older demo database does not get the listings twice.
 */
export async function refreshDemoDirectory(db: Db, logger: Logger): Promise<void> {
  const [row] = await db
    .select({ zoneId: importSources.zoneId })
    .from(importSources)
    .innerJoin(zones, eq(zones.id, importSources.zoneId))
    .where(and(eq(zones.slug, 'demo'), eq(importSources.location, DEMO_DIRECTORY_SOURCE)));
  if (!row) return;
  const s = await inTransaction(db, (tx) => importDemoDirectory(tx, row.zoneId));
  logger.info(
    { read: s.read, created: s.created, updated: s.updated, claimed: s.claimed, skipped: s.skipped },
    'Demo directory imported again (Open Referral file)',
  );
}
