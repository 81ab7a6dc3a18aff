import { inArray } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { categories, districts } from '../../drizzle/schema';
import type { Listing } from './listing';
import { LISTING_FIELDS, type Names } from './listing-diff';
import type { Tx } from './transaction';

// Reads for listing versions: the live listing in the shape a provider edits, to compare a change
// against, and the category and district names a version shows instead of ids.

/**
 * The live listing, in the shape of the Listing a provider edits (ids, not names), as stored: not
 * validated, so that a listing stored before a rule existed can still be corrected.
 */
export async function liveListing(tx: Db | Tx, serviceId: number): Promise<Listing> {
  return (await liveListings(tx, [serviceId])).get(serviceId)!;
}

/** Live listings by service id, in one read (a page of pending changes shows each against its own). */
export async function liveListings(tx: Db | Tx, serviceIds: number[]): Promise<Map<number, Listing>> {
  const rows = serviceIds.length ? await servicesWithParts(tx, serviceIds) : [];
  return new Map(rows.map((c) => [c.id, asListing(c)]));
}

const servicesWithParts = (tx: Db | Tx, serviceIds: number[]) =>
  tx.query.services.findMany({
    where: { id: { in: serviceIds } },
    with: {
      categories: { columns: { id: true } },
      districts: { columns: { id: true } },
      locations: true,
      schedules: true,
      languages: true,
      costOptions: true,
      contacts: true,
      serviceAreas: true,
    },
  });

function asListing(c: Awaited<ReturnType<typeof servicesWithParts>>[number]): Listing {
  const columns = Object.fromEntries(Object.keys(LISTING_FIELDS).map((k) => [k, (c as Record<string, unknown>)[k]]));
  return {
    ...columns,
    categoryIds: c.categories.map((x) => x.id),
    districtIds: c.districts.map((d) => d.id),
    locations: c.locations.map((l) => ({
      name: l.name,
      address: l.address,
      postcode: l.postcode,
      latitude: l.latitude,
      longitude: l.longitude,
      accessibility: l.accessibility,
      accessibilityNotes: l.accessibilityNotes,
    })),
    schedules: c.schedules.map((x) => ({
      days: x.byDay,
      opensAt: x.opensAt?.slice(0, 5),
      closesAt: x.closesAt?.slice(0, 5),
      validFrom: x.validFrom,
      validTo: x.validTo,
      description: x.description,
      freq: x.freq,
      interval: x.interval,
      dtstart: x.dtstart,
      byMonthDay: x.byMonthDay,
      byDayInMonth: x.byDayInMonth,
    })),
    languages: c.languages.map(({ name, code }) => ({ name, code })),
    costOptions: c.costOptions.map(({ amountPence, per, conditions }) => ({ amountPence, per, conditions })),
    contacts: c.contacts.map(({ name, title, email, phones }) => ({
      name,
      title,
      email,
      phones: phones.map(({ number, description }) => ({ number, description })),
    })),
    serviceAreas: c.serviceAreas.map(({ name, description, extent, extentType, uri, serviceArea }) => ({
      name,
      description,
      extent,
      extentType,
      uri,
      serviceArea,
    })),
  } as Listing;
}

/** Category and district names for showing versions. */
export async function namesFor(db: Pick<Tx, 'select'>, listings: Listing[]): Promise<Names> {
  const categoryIds = [...new Set(listings.flatMap((l) => l.categoryIds))];
  const districtIds = [...new Set(listings.flatMap((l) => l.districtIds))];
  const cats = categoryIds.length
    ? await db
        .select({ id: categories.id, name: categories.name })
        .from(categories)
        .where(inArray(categories.id, categoryIds))
    : [];
  const dists = districtIds.length
    ? await db
        .select({ id: districts.id, name: districts.name })
        .from(districts)
        .where(inArray(districts.id, districtIds))
    : [];
  return {
    categories: new Map(cats.map((c) => [c.id, c.name])),
    districts: new Map(dists.map((d) => [d.id, d.name])),
  };
}
