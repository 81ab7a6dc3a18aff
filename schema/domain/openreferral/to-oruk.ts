import { NO_UPPER_AGE } from '../listing-limits';
import { publishableEmail, publishableUrl } from './formats';
import { ACCESSIBILITY_LABELS, derivedUuid, PORTAL_TAXONOMY } from './ids';
import { type ScheduleRow, scheduleToOruk } from './schedules';

// Our rows as Open Referral UK v3 records (plain functions; the HTTP layer only serialises).

type Category = { uuid: string; slug: string; name: string; parent: { uuid: string } | null };
type Term = {
  uuid: string;
  code: string | null;
  name: string;
  description: string;
  /** The parent term when we hold it; a parent the feed named but never sent is not published. */
  parent: { uuid: string } | null;
  termUri: string | null;
  taxonomy: { uuid: string; name: string };
};
export type OrganisationRow = {
  uuid: string;
  name: string;
  description: string;
  email: string | null;
  /** Public (the directory shows it); in rows that select it. */
  phone?: string | null;
  website: string | null;
  charityNumber: string | null;
  companyNumber: string | null;
  updatedAt?: Date | string;
};
export type LocationRow = {
  uuid: string;
  name: string;
  address: string;
  /** An imported address's state_province; '' for our own venues. */
  stateProvince?: string;
  postcode: string;
  latitude: number;
  longitude: number;
  accessibility: string[];
  accessibilityNotes: string;
};
export type ServiceRow = {
  uuid: string;
  name: string;
  description: string;
  eligibility: string;
  status: string;
  minAge: number;
  maxAge: number;
  contactEmail: string | null;
  /** The listing's own phone (a portal listing has one phone and email). */
  contactPhone?: string | null;
  website: string | null;
  updatedAt: Date | string;
  organisation: OrganisationRow;
  categories: Category[];
  attributes: Term[];
  locations: LocationRow[];
  schedules: ScheduleRow[];
  languages: { uuid: string; name: string; code: string | null }[];
  costOptions: { uuid: string; amountPence: number | null; per: string; conditions: string }[];
  contacts: {
    uuid: string;
    name: string;
    title: string;
    email: string | null;
    phones: { uuid: string; number: string; description: string }[];
  }[];
  serviceAreas: {
    uuid: string;
    name: string;
    description: string;
    extent: string | null;
    extentType: string | null;
    uri: string | null;
    serviceArea: string | null;
  }[];
};

/** Drops null, undefined and empty strings: optional ORUK fields are left out, not blank. */
function compact<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v != null && v !== '')) as T;
}

export function categoryTerm(c: Category) {
  return compact({
    id: c.uuid,
    name: c.name,
    description: c.name,
    parent_id: c.parent?.uuid,
    taxonomy: PORTAL_TAXONOMY.name,
    taxonomy_id: PORTAL_TAXONOMY.id,
    term: c.slug,
  });
}

export function externalTerm(t: Term) {
  return compact({
    id: t.uuid,
    name: t.name,
    description: t.description || t.name,
    parent_id: t.parent?.uuid,
    taxonomy: t.taxonomy.name,
    taxonomy_id: t.taxonomy.uuid,
    term_uri: publishableUrl(t.termUri, { web: false }),
    term: t.code,
  });
}

export function organisationSummary(o: OrganisationRow) {
  const phone = o.phone?.trim();
  return {
    ...compact({ id: o.uuid, name: o.name, email: publishableEmail(o.email), website: publishableUrl(o.website) }),
    // Required by the schema: published (empty) even when the organisation has not written one.
    description: o.description,
    // ORUK's organization has no phone of its own; HSDS 3.0, which it profiles, holds an
    // organisation's phones here (as it holds a contact's under contacts[].phones).
    ...(phone ? { phones: [{ id: derivedUuid(o.uuid, 'phone'), organization_id: o.uuid, number: phone }] } : {}),
  };
}

export function organisationRecord(o: OrganisationRow) {
  const identifiers = [
    o.charityNumber && { scheme: 'GB-CHC', type: 'Registered charity number', value: o.charityNumber },
    o.companyNumber && { scheme: 'GB-COH', type: 'Company number', value: o.companyNumber },
  ].filter((x): x is { scheme: string; type: string; value: string } => !!x);
  return {
    ...organisationSummary(o),
    organization_identifiers: identifiers.map((i) => ({
      id: derivedUuid(o.uuid, i.scheme),
      organization_id: o.uuid,
      identifier_scheme: i.scheme,
      identifier_type: i.type,
      identifier: i.value,
    })),
    attributes: [],
  };
}

/** "1 Rushey Green, Catford, London" -> address_1 "1 Rushey Green, Catford", city "London". */
function splitAddress(address: string): { address_1: string; city: string } {
  const parts = address.split(',').map((p) => p.trim());
  if (parts.length < 2) return { address_1: address, city: '' };
  return { address_1: parts.slice(0, -1).join(', '), city: parts.at(-1)! };
}

export function locationRecord(l: LocationRow) {
  const locationId = derivedUuid(l.uuid, 'location');
  return compact({
    id: locationId,
    location_type: 'physical',
    name: l.name,
    latitude: l.latitude,
    longitude: l.longitude,
    addresses: [
      {
        id: derivedUuid(l.uuid, 'address'),
        location_id: locationId,
        ...splitAddress(l.address),
        state_province: l.stateProvince ?? '',
        postal_code: l.postcode,
        country: 'GB',
        address_type: 'physical',
      },
    ],
    accessibility: [
      ...l.accessibility.map((a) => ({
        id: derivedUuid(l.uuid, 'accessibility', a),
        location_id: locationId,
        description: ACCESSIBILITY_LABELS[a] ?? a,
      })),
      ...(l.accessibilityNotes
        ? [{ id: derivedUuid(l.uuid, 'accessibility-notes'), location_id: locationId, details: l.accessibilityNotes }]
        : []),
    ],
    attributes: [],
  });
}

/** The listing as a summary (no nested arrays), as service_at_location lists carry it. */
export function serviceSummary(s: ServiceRow) {
  return compact({
    id: s.uuid,
    organization_id: s.organisation.uuid,
    name: s.name,
    description: s.description,
    eligibility_description: s.eligibility,
    url: publishableUrl(s.website),
    email: publishableEmail(s.contactEmail),
    status: s.status === 'PUBLISHED' ? 'active' : 'inactive',
    // No upper limit is no maximum_age (and, from 0, no minimum either): not an age we made up.
    minimum_age: s.maxAge >= NO_UPPER_AGE && s.minAge === 0 ? null : s.minAge,
    maximum_age: s.maxAge >= NO_UPPER_AGE ? null : s.maxAge,
    // "The service or any related information": its organisation's edits count too (publish.ts
    // filters modified_after the same way).
    last_modified: new Date(
      Math.max(new Date(s.updatedAt).getTime(), new Date(s.organisation.updatedAt ?? 0).getTime()),
    ).toISOString(),
    organization: organisationSummary(s.organisation),
  });
}

export function serviceAtLocation(s: ServiceRow, l: LocationRow) {
  return {
    id: l.uuid,
    service_id: s.uuid,
    location_id: derivedUuid(l.uuid, 'location'),
    location: locationRecord(l),
  };
}

/** The listing's own phone as ORUK v3 holds it, on a contact (once: an imported contact may hold it already).
 * No person's name: the portal never published it, and it is not the listing's to publish. */
function mainContact(s: ServiceRow) {
  const phone = s.contactPhone?.trim();
  if (!phone || s.contacts.some((c) => c.phones.some((p) => p.number === phone))) return [];
  const id = derivedUuid(s.uuid, 'main-contact');
  return [
    compact({
      id,
      service_id: s.uuid,
      email: publishableEmail(s.contactEmail),
      phones: [{ id: derivedUuid(s.uuid, 'main-contact', 'phone'), contact_id: id, number: phone }],
      attributes: [],
    }),
  ];
}

/** The full, nested service record. */
export function serviceRecord(s: ServiceRow) {
  const attribute = (termId: string, term: Record<string, unknown>) => ({
    id: derivedUuid(s.uuid, 'attribute', termId),
    link_id: s.uuid,
    link_type: 'service',
    taxonomy_term_id: termId,
    taxonomy_term: term,
  });
  return {
    ...serviceSummary(s),
    organization: organisationRecord(s.organisation),
    schedules: s.schedules.map((x) => compact(scheduleToOruk(x, s.uuid))),
    service_areas: s.serviceAreas.map((a) =>
      compact({
        id: a.uuid,
        service_id: s.uuid,
        name: a.name,
        service_area: a.serviceArea ?? a.name,
        description: a.description,
        extent: a.extent,
        extent_type: a.extentType,
        // A web address only: readers of the feed show it as a link (never javascript:).
        uri: publishableUrl(a.uri),
      }),
    ),
    service_at_locations: s.locations.map((l) => serviceAtLocation(s, l)),
    languages: s.languages.map((l) => compact({ id: l.uuid, service_id: s.uuid, name: l.name, code: l.code })),
    funding: [],
    cost_options: s.costOptions.map((c) =>
      compact({
        id: c.uuid,
        service_id: s.uuid,
        option: c.conditions,
        amount: c.amountPence == null ? null : c.amountPence / 100,
        currency: c.amountPence == null ? null : 'GBP',
        amount_description: c.per,
      }),
    ),
    contacts: [
      ...mainContact(s),
      ...s.contacts.map((c) =>
        compact({
          id: c.uuid,
          service_id: s.uuid,
          name: c.name,
          title: c.title,
          email: publishableEmail(c.email),
          phones: c.phones.map((p) =>
            compact({ id: p.uuid, contact_id: c.uuid, number: p.number, description: p.description }),
          ),
          attributes: [],
        }),
      ),
    ],
    attributes: [
      ...s.categories.map((c) => attribute(c.uuid, categoryTerm(c))),
      ...s.attributes.map((t) => attribute(t.uuid, externalTerm(t))),
    ],
  };
}
