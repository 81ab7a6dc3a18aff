import type { Listing } from './listing';

// A listing's versions compared field by field, as text people read (issue 14, point 7): the
// nested parts (opening times, contacts, costs, locations) become one line each.

export type FieldChange = { field: string; label: string; before: string; after: string };
/** Names for the ids a listing holds (categories, districts). */
export type Names = { categories: Map<number, string>; districts: Map<number, string> };

const DAYS: Record<string, string> = {
  MO: 'Mon',
  TU: 'Tue',
  WE: 'Wed',
  TH: 'Thu',
  FR: 'Fri',
  SA: 'Sat',
  SU: 'Sun',
};
const pounds = (pence: number) => `£${(pence / 100).toFixed(2)}`;
const yesNo = (v: boolean | null | undefined) => (v == null ? 'Not stated' : v ? 'Yes' : 'No');
const lines = (items: string[]) => items.join('\n');
const titleCase = (s: string) => s.charAt(0) + s.slice(1).toLowerCase().replaceAll('_', ' ');

type Field = { label: string; show: (l: Listing, n: Names) => string };

/** Every field of a listing, in the order a provider's form shows them. */
export const LISTING_FIELDS: Record<keyof Listing, Field> = {
  name: { label: 'Service name', show: (l) => l.name },
  description: { label: 'Description', show: (l) => l.description },
  eligibility: { label: 'Eligibility', show: (l) => l.eligibility ?? '' },
  categoryIds: {
    label: 'Categories',
    show: (l, n) => lines(l.categoryIds.map((id) => n.categories.get(id) ?? `Category ${id}`)),
  },
  minAge: { label: 'Minimum age', show: (l) => String(l.minAge) },
  maxAge: { label: 'Maximum age', show: (l) => String(l.maxAge) },
  deliveryModes: { label: 'How it is delivered', show: (l) => lines(l.deliveryModes.map(titleCase)) },
  unitPricePence: {
    label: 'Price',
    show: (l) => (l.unitPricePence == null ? 'Free' : pounds(l.unitPricePence)),
  },
  unitName: { label: 'Price per', show: (l) => l.unitName ?? '' },
  commissionable: { label: 'Commissioned through the portal', show: (l) => yesNo(l.commissionable) },
  capacity: { label: 'Places', show: (l) => (l.capacity == null ? 'No stated limit' : String(l.capacity)) },
  evidenceLevel: { label: 'Evidence', show: (l) => titleCase(l.evidenceLevel) },
  referralLeadTimeDays: {
    label: 'Days from referral to start',
    show: (l) => (l.referralLeadTimeDays == null ? 'Not stated' : String(l.referralLeadTimeDays)),
  },
  selfReferral: { label: 'Families can refer themselves', show: (l) => yesNo(l.selfReferral) },
  contactName: { label: 'Contact name', show: (l) => l.contactName ?? '' },
  contactEmail: { label: 'Contact email', show: (l) => l.contactEmail ?? '' },
  contactPhone: { label: 'Contact phone', show: (l) => l.contactPhone ?? '' },
  website: { label: 'Website', show: (l) => l.website ?? '' },
  locations: {
    label: 'Locations',
    show: (l) =>
      lines(
        l.locations.map((x) =>
          [
            `${x.name}, ${x.address}, ${x.postcode}`,
            x.accessibility.length ? `access: ${x.accessibility.map(titleCase).join(', ')}` : '',
            x.accessibilityNotes,
          ]
            .filter(Boolean)
            .join('; '),
        ),
      ),
  },
  districtIds: {
    label: 'Areas served (districts)',
    show: (l, n) => lines(l.districtIds.map((id) => n.districts.get(id) ?? `District ${id}`)),
  },
  schedules: {
    label: 'Opening times',
    show: (l) =>
      lines(
        l.schedules.map((s) =>
          [
            s.days.map((d) => DAYS[d]).join(', '),
            s.opensAt && s.closesAt ? `${s.opensAt.slice(0, 5)} to ${s.closesAt.slice(0, 5)}` : '',
            s.validFrom || s.validTo ? `from ${s.validFrom ?? 'now'} to ${s.validTo ?? 'further notice'}` : '',
            s.description,
          ]
            .filter(Boolean)
            .join(' '),
        ),
      ),
  },
  languages: {
    label: 'Languages',
    show: (l) => lines(l.languages.map((x) => (x.code ? `${x.name} (${x.code})` : x.name))),
  },
  costOptions: {
    label: 'Costs',
    show: (l) =>
      lines(
        l.costOptions.map((c) =>
          [c.amountPence == null ? 'Free' : pounds(c.amountPence), c.per ? `per ${c.per}` : '', c.conditions]
            .filter(Boolean)
            .join(' '),
        ),
      ),
  },
  contacts: {
    label: 'Contacts',
    show: (l) =>
      lines(
        l.contacts.map((c) =>
          [
            c.name,
            c.title,
            c.email ?? '',
            ...c.phones.map((p) => (p.description ? `${p.number} (${p.description})` : p.number)),
          ]
            .filter(Boolean)
            .join(', '),
        ),
      ),
  },
  serviceAreas: {
    label: 'Areas served',
    show: (l) => lines(l.serviceAreas.map((a) => (a.description ? `${a.name}: ${a.description}` : a.name))),
  },
};

/** The fields whose values differ between two versions (compared as stored). */
export function changedFields(before: Listing | null, after: Listing): string[] {
  return (Object.keys(LISTING_FIELDS) as (keyof Listing)[]).filter(
    (k) => before == null || JSON.stringify(before[k] ?? null) !== JSON.stringify(after[k] ?? null),
  );
}

/** Before and after, as text, for each field that changed. */
export function diffListings(before: Listing | null, after: Listing, names: Names): FieldChange[] {
  return changedFields(before, after)
    .map((field) => {
      const f = LISTING_FIELDS[field as keyof Listing];
      return { field, label: f.label, before: before ? f.show(before, names) : '', after: f.show(after, names) };
    })
    .filter((c) => c.before !== c.after);
}
