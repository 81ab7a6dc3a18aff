import { encodeGlobalID } from '@pothos/plugin-relay';
import { sql } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import type { DigestedService } from '../../drizzle/tables/local-offer-digests';
import type { Viewer } from '../context';
import { rowsOf } from './rows';
import type { Tx } from './transaction';

// The local offer of a district: its zone's published services that serve it, by category, with
// what is new, changed or withdrawn since the previous digest sent for the same district or school.
// Public directory data only: nothing here reads children beyond "does this link worker have one
// at a school in the district" (access), and nothing about a child is returned.

type Q = Pick<Db, 'execute'> | Pick<Tx, 'execute'>;

export type OfferService = {
  id: number;
  name: string;
  organisation: string;
  description: string;
  /** The portal page of the listing, where a link worker raises a referral. */
  path: string;
  contact: string[];
  howToRefer: string;
  lastModified: string;
  change: 'NEW' | 'CHANGED' | null;
};
export type OfferCategory = { name: string; services: OfferService[] };
export type LocalOffer = {
  zoneId: number;
  districtId: number;
  districtName: string;
  schoolId: number | null;
  schoolName: string | null;
  generatedAt: Date;
  /** When the previous digest for this district (or school) was sent; null if none was. */
  since: Date | null;
  categories: OfferCategory[];
  withdrawn: { name: string; lastModified: string }[];
};

export const scopeOf = (districtId: number, schoolId: number | null) =>
  schoolId == null ? `district:${districtId}` : `school:${schoolId}`;

/** The districts of the viewer's zone this viewer may read the local offer of, by name. */
export async function offerDistrictsFor(db: Q, viewer: Viewer): Promise<{ id: number; name: string }[]> {
  const z = viewer.zoneId;
  let where = sql`d."zoneId" = ${z}`;
  if (viewer.role === 'DISTRICT_LEAD') where = sql`${where} and d.id = ${viewer.districtId ?? -1}`;
  else if (viewer.role === 'SCHOOL_LEAD')
    where = sql`${where} and d.id = (select "districtId" from schools where id = ${viewer.schoolId ?? -1})`;
  else if (viewer.role === 'LINK_WORKER')
    // The districts of the schools of their caseload (active children).
    where = sql`${where} and d.id in (select s."districtId" from children c join schools s on s.id = c."schoolId"
      where c."linkWorkerId" = ${viewer.id} and c.status = 'ACTIVE')`;
  else if (viewer.role !== 'COMMISSIONER' && viewer.role !== 'ADMIN') return [];
  const rows = rowsOf(await db.execute(sql`select d.id, d.name from districts d where ${where} order by d.name, d.id`));
  return rows.map((r) => ({ id: Number(r.id), name: String(r.name) }));
}

export async function canReadOffer(db: Q, viewer: Viewer, districtId: number): Promise<boolean> {
  return (await offerDistrictsFor(db, viewer)).some((d) => d.id === districtId);
}

const DAYS_TEXT = (days: number | null) =>
  days == null ? '' : ` Allow ${days} day${days === 1 ? '' : 's'} from referral to the first session.`;

/** The services serving the district now (published; linked to it, or to no district at all: zone-wide). */
async function servingServices(db: Q, zoneId: number, districtId: number) {
  return rowsOf(
    await db.execute(sql`
      select s.id, s.name, s.description, s."contactName", s."contactEmail", s."contactPhone", s.website,
        s."selfReferral", s."referralLeadTimeDays", s."updatedAt", o.name as organisation,
        coalesce((select coalesce(p.name, c.name) from service_categories sc join categories c on c.id = sc."categoryId"
          left join categories p on p.id = c."parentId"
          where sc."serviceId" = s.id order by coalesce(p.position, c.position), coalesce(p.name, c.name) limit 1),
          'Other services') as category
      from services s join organisations o on o.id = s."organisationId"
      where s."zoneId" = ${zoneId} and s.status = 'PUBLISHED'
        and (exists (select 1 from service_districts sd where sd."serviceId" = s.id and sd."districtId" = ${districtId})
          or not exists (select 1 from service_districts sd where sd."serviceId" = s.id))
      order by category, s.name, s.id`),
  );
}

/** The previous digest sent for this scope before `now`, if any. */
export async function previousDigest(db: Q, scope: string, now: Date) {
  const [row] = rowsOf(
    await db.execute(sql`select "generatedAt", services from local_offer_digests
      where scope = ${scope} and "generatedAt" <= ${now.toISOString()}::timestamptz
      order by "generatedAt" desc, id desc limit 1`),
  );
  if (!row) return null;
  return { at: new Date(String(row.generatedAt)), services: row.services as DigestedService[] };
}

/**
 * The digest for a district, or for a school (its district's services, compared with the school's
 * own previous digest). Null when the district or school is not in the zone.
 */
export async function buildLocalOffer(
  db: Q,
  options: { zoneId: number; districtId: number; schoolId?: number | null; now?: Date },
): Promise<LocalOffer | null> {
  const now = options.now ?? new Date();
  const schoolId = options.schoolId ?? null;
  const [place] = rowsOf(
    await db.execute(sql`select d.name as district,
        (select name from schools where id = ${schoolId ?? -1} and "districtId" = d.id) as school
      from districts d where d.id = ${options.districtId} and d."zoneId" = ${options.zoneId}`),
  );
  if (!place || (schoolId != null && place.school == null)) return null;
  const previous = await previousDigest(db, scopeOf(options.districtId, schoolId), now);
  const before = new Map((previous?.services ?? []).map((s) => [s.id, s]));
  const rows = await servingServices(db, options.zoneId, options.districtId);
  const categories: OfferCategory[] = [];
  const current = new Set<number>();
  for (const r of rows) {
    const id = Number(r.id);
    current.add(id);
    const lastModified = new Date(String(r.updatedAt)).toISOString();
    const was = before.get(id);
    const change = !previous ? null : !was ? 'NEW' : was.lastModified < lastModified ? 'CHANGED' : null;
    const contact = [r.contactName, r.contactPhone, r.contactEmail, r.website].filter(Boolean).map(String);
    const service: OfferService = {
      id,
      name: String(r.name),
      organisation: String(r.organisation),
      description: String(r.description),
      path: `/services/${encodeURIComponent(encodeGlobalID('Service', id))}`,
      contact,
      howToRefer:
        (r.selfReferral
          ? 'Families can get in touch directly, or a link worker can refer through the portal.'
          : 'A link worker refers through the portal page of this service.') +
        DAYS_TEXT(r.referralLeadTimeDays == null ? null : Number(r.referralLeadTimeDays)),
      lastModified,
      change,
    };
    const category = String(r.category);
    const last = categories.at(-1);
    if (last?.name === category) last.services.push(service);
    else categories.push({ name: category, services: [service] });
  }
  const withdrawn = (previous?.services ?? [])
    .filter((s) => !current.has(s.id))
    .map((s) => ({ name: s.name, lastModified: s.lastModified }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return {
    zoneId: options.zoneId,
    districtId: options.districtId,
    districtName: String(place.district),
    schoolId,
    schoolName: place.school == null ? null : String(place.school),
    generatedAt: now,
    since: previous?.at ?? null,
    categories,
    withdrawn,
  };
}

/** What a digest record keeps of an offer: each service and its lastModified. */
export const digestedServices = (offer: LocalOffer): DigestedService[] =>
  offer.categories.flatMap((c) => c.services.map((s) => ({ id: s.id, name: s.name, lastModified: s.lastModified })));

/** The changes in an offer, for emails and summaries. */
export function changesOf(offer: LocalOffer) {
  const all = offer.categories.flatMap((c) => c.services);
  return {
    total: all.length,
    added: all.filter((s) => s.change === 'NEW').map((s) => s.name),
    changed: all.filter((s) => s.change === 'CHANGED').map((s) => s.name),
    withdrawn: offer.withdrawn.map((s) => s.name),
  };
}

/** The web page of the offer (the PDF is at /exports/local-offer/<district>.pdf). */
export const offerPath = (districtId: number, schoolId: number | null) =>
  `/local-offer/${districtId}${schoolId == null ? '' : `?school=${schoolId}`}`;
