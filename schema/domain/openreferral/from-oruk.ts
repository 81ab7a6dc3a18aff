import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { LISTING_TEXT_LIMITS, NO_UPPER_AGE, PHONE_EXAMPLE, PHONE_NUMBER } from '../listing-limits';
import { asOneLine } from '../one-line';
import { isInvisibleOnly } from '../text';
import { hiddenControlsNote, withoutHiddenControlsIn } from './hidden-controls';
import { ageOf, cutNoted, emailNoted, noPlaceNotes, quoted, urlNoted } from './record-notes';
import { type ImportedSchedule, schedulesFromOruk } from './schedules';
import { type ImportedServiceArea, serviceAreasFromOruk } from './service-areas';
import { contactsOf, costOptionsOf, languagesOf, termsOf } from './service-parts';
import { cellFault } from './tabular-cells';
import { type ImportedLocation, venuesFromOruk } from './venues';

// An Open Referral UK v3 service record (as another directory publishes it) checked against
// the standard's schema and mapped to our fields. Plain functions: no database.

const ajv = new Ajv({ strict: false, allErrors: false });
(addFormatsModule as unknown as (a: Ajv) => void)(ajv);
const validateService = ajv.compile(
  JSON.parse(readFileSync(path.join(import.meta.dirname, 'service.schema.json'), 'utf8')),
);

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
/** The text, or '' when it is only invisible characters (zero-width spaces, marks): it would show as blank. */
const visible = (text: string): string => (isInvisibleOnly(text) ? '' : text);
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : []);

/**
 * A record whose name, description or eligibility is longer than a listing may hold is refused
 * with the reason, not cut short: a cut description could end mid-sentence, or mid-warning.
 */
function overLimit(name: string, description: string, eligibility: string): string | null {
  const { name: nameMax, description: descriptionMax, eligibility: eligibilityMax } = LISTING_TEXT_LIMITS;
  for (const [field, text, max] of [
    ['name', name, nameMax],
    ['description', description, descriptionMax],
    ['eligibility_description', eligibility, eligibilityMax],
  ] as const)
    if (text.length > max)
      return `${field} is ${text.length.toLocaleString('en-GB')} characters long; a listing's is at most ${max.toLocaleString('en-GB')}`;
  return null;
}

export type ImportedTerm = {
  uuid: string;
  name: string;
  description: string;
  code: string | null;
  parentUuid: string | null;
  termUri: string | null;
  taxonomy: {
    uuid: string | null;
    name: string | null;
    /** From HSDS's taxonomy_detail, only when the feed gives one (so earlier runs' snapshots still match). */
    detail?: { description: string; uri: string | null; version: string | null };
  };
};

export type ImportedOrganisation = {
  externalId: string;
  name: string;
  description: string;
  email: string | null;
  website: string | null;
  /** The first usable number in organization.phones (HSDS 3.0's place for it, where our feed publishes it). */
  phone: string | null;
  /** From organization_identifiers (GB-CHC, GB-COH): the schemes our organisations hold. */
  charityNumber: string | null;
  companyNumber: string | null;
} | null;

/** What we keep of one imported service; its JSON is the snapshot that tells changes apart. */
export type ImportedService = {
  externalId: string;
  organisationId: string;
  lastModified: string | null;
  fields: {
    name: string;
    description: string;
    eligibility: string;
    status: 'PUBLISHED' | 'ARCHIVED';
    minAge: number;
    maxAge: number;
    deliveryModes: ('COMMUNITY_VENUE' | 'ONLINE')[];
    contactEmail: string | null;
    website: string | null;
  };
  locations: ImportedLocation[];
  schedules: ImportedSchedule[];
  // externalId: the feed's id of the part, when it gives one, to keep our UUID (write-services.ts).
  languages: { name: string; code: string | null; externalId?: string }[];
  costOptions: { amountPence: number | null; per: string; conditions: string; externalId?: string }[];
  contacts: {
    externalId?: string;
    name: string;
    title: string;
    email: string | null;
    phones: { number: string; description: string; externalId?: string }[];
  }[];
  serviceAreas: ImportedServiceArea[];
  /** Term ids (ours or another taxonomy's), with the term when the feed embeds it. */
  terms: { uuid: string; term: ImportedTerm | null }[];
  /** Parts of the record not taken, and why (the import report says so); not in the snapshot. */
  notes?: string[];
};

/** Deeper than any Open Referral record goes (about 8 levels): a record past it is refused. */
export const MAX_NESTING = 50;

/** Whether a value nests lists and objects more than `limit` deep; counted without recursion,
 * as reading such a record (cleaning, the schema check) would run out of stack. */
export function nestedTooDeeply(value: unknown, limit = MAX_NESTING): boolean {
  const stack: [unknown, number][] = [[value, 0]];
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (!v || typeof v !== 'object') continue;
    if (depth >= limit) return true;
    for (const inner of Object.values(v)) stack.push([inner, depth + 1]);
  }
  return false;
}

/** A feed's record as our service and the organisation it embeds, its text cleaned once for both. */
export function readOrukRecord(given: unknown): { service: ImportedService | string; org: ImportedOrganisation } {
  if (nestedTooDeeply(given))
    return { service: `nested too deeply: more than ${MAX_NESTING} levels of lists and objects`, org: null };
  // The service's note on hidden control characters names the organisation's fields too.
  const { record, fields, halves } = withoutHiddenControlsIn(given);
  const orgNotes: string[] = [];
  const org = organisationIn(record, orgNotes);
  const service = serviceIn(record, hiddenControlsNote(fields, halves), given);
  // What the embedded organisation lost is said with the record that brought it.
  if (typeof service !== 'string' && orgNotes.length) service.notes = [...(service.notes ?? []), ...orgNotes];
  return { service, org };
}

/** `given` is the record before cleaning: a tabular one's rows still say where they were read. */
function serviceIn(record: unknown, cleanedNotes: string[], given: unknown): ImportedService | string {
  if (!validateService(record)) {
    const e = validateService.errors?.[0];
    const cell = e && cellFault(given, e);
    if (cell) return cell;
    return `not a valid Open Referral service: ${e?.instancePath || '/'} ${e?.message ?? ''}`.trim();
  }
  const r = record as Json;
  // The schema requires a name but not a visible one; a nameless listing would be useless.
  // A name is one line (as the provider's form keeps it): a feed's line breaks become spaces.
  const name = visible(str(r.name).replace(/[\p{Cc}\s]+/gu, ' '));
  if (!name) return 'the service has no name';
  const tooLong = overLimit(name, str(r.description), str(r.eligibility_description));
  if (tooLong) return tooLong;
  const org = (r.organization as Json | undefined) ?? null;
  const organisationId = (str(r.organization_id) || str(org?.id)).toLowerCase();
  if (!organisationId) return 'no organization (organization_id or organization)';
  const venues = venuesFromOruk(arr(r.service_at_locations));
  if (typeof venues === 'string') return venues;
  const { locations } = venues;
  const min = ageOf(r.minimum_age, 'minimum_age');
  if (typeof min === 'string') return min;
  const max = ageOf(r.maximum_age, 'maximum_age');
  if (typeof max === 'string') return max;
  const [minAge, maxAge] = [min.years, max.years];
  // A reversed range is no range: which end is wrong cannot be told, so it is not guessed.
  if (minAge != null && maxAge != null && minAge > maxAge)
    return `minimum_age ${r.minimum_age} is above maximum_age ${r.maximum_age}`;
  const scheduleNotes: string[] = [];
  const own = schedulesFromOruk(arr(r.schedules), scheduleNotes);
  if (typeof own === 'string') return own;
  // The service's own opening times, then each venue's (named by the venue).
  const schedules = [...own, ...venues.schedules];
  const active = r.status === 'active';
  const areaNotes: string[] = [];
  // Parts cut or left out (contacts, phones, languages, cost options, terms, addresses): said too.
  const parts: string[] = [];
  const costOptions = costOptionsOf(r, parts);
  const contactEmail = emailNoted(r.email, 'email', parts);
  const website = urlNoted(r.url, 'url', parts);
  const languages = languagesOf(r, parts);
  const contacts = contactsOf(r, parts);
  const terms = termsOf(r, parts);
  const serviceAreas = serviceAreasFromOruk(arr(r.service_areas), areaNotes);
  // Each said once: a feed may give the same text in two fields (description and accessibility).
  const notes = [
    ...new Set([
      ...cleanedNotes,
      ...noPlaceNotes(r),
      ...min.notes,
      ...max.notes,
      ...scheduleNotes,
      ...venues.notes,
      ...areaNotes,
      ...parts,
    ]),
  ];
  return {
    externalId: str(r.id).toLowerCase(),
    organisationId,
    lastModified: str(r.last_modified) || null,
    fields: {
      name,
      description: str(r.description),
      eligibility: str(r.eligibility_description),
      status: active ? 'PUBLISHED' : 'ARCHIVED',
      // Ages the feed does not state are no limit (published again as not stated, to-oruk.ts),
      // never a range made up for it.
      minAge: minAge ?? 0,
      maxAge: maxAge ?? NO_UPPER_AGE,
      deliveryModes: locations.length ? ['COMMUNITY_VENUE'] : ['ONLINE'],
      contactEmail,
      website,
    },
    locations,
    schedules,
    languages,
    costOptions,
    contacts,
    serviceAreas,
    terms,
    ...(notes.length ? { notes } : {}),
  };
}

/**
 * ORUK v3 lets an organisation record nest its services (organization_full): such a record
 * stands for its services, each carrying the organisation as a service record would. Any other
 * record stands for itself.
 */
export function servicesOf(record: unknown): unknown[] {
  if (!record || typeof record !== 'object' || Array.isArray(record)) return [record];
  const { services, ...org } = record as Json;
  if (!Array.isArray(services)) return [record];
  return services.map((s) =>
    s && typeof s === 'object' && !Array.isArray(s) ? { organization: org, organization_id: org.id, ...s } : s,
  );
}

/** The first number of organization.phones the organisation's form would hold; if none, noted. */
function organisationPhone(phones: unknown, notes: string[]): string | null {
  const numbers = arr(phones)
    .map((p) => str(p.number))
    .filter(Boolean);
  const usable = numbers.find((n) => PHONE_NUMBER.test(n)) ?? null;
  if (!usable && numbers.length)
    notes.push(`organization phone ${quoted(numbers[0]!)} not imported: not a phone number like ${PHONE_EXAMPLE}`);
  return usable;
}

/** The organisation a record embeds, if it does. */
function organisationIn(record: unknown, notes: string[]): ImportedOrganisation {
  // Any JSON value may stand where a record should (null, a number): it has no organisation.
  if (!record || typeof record !== 'object') return null;
  const org = (record as Json).organization as Json | undefined;
  if (!org || !str(org.id)) return null;
  notes.push(...noPlaceNotes(org, 'organisation', 'organization'));
  const identifier = (scheme: string) =>
    cutNoted(
      str(arr(org.organization_identifiers).find((i) => str(i.identifier_scheme).toUpperCase() === scheme)?.identifier),
      40,
      `organization identifier ${scheme}`,
      notes,
    ) || null;
  return {
    externalId: str(org.id).toLowerCase(),
    name: cutNoted(visible(asOneLine(str(org.name))) || 'Unnamed organisation', 200, 'organization name', notes),
    description: cutNoted(str(org.description), 4000, 'organization description', notes),
    email: emailNoted(org.email, 'organization email', notes),
    website: urlNoted(org.website, 'organization website', notes),
    phone: organisationPhone(org.phones, notes),
    charityNumber: identifier('GB-CHC'),
    companyNumber: identifier('GB-COH'),
  };
}
