import type { Context } from '../context';
import { type FieldError, ValidationError } from '../domain/errors';
import { type Listing, MAX_LOCATIONS, parseListing } from '../domain/listing';
import { pointForPostcode } from '../domain/search';
import type { Tx } from '../domain/transaction';

// A listing's venues placed from their postcodes, for createService and updateService.

type LocationArgs = {
  name: string;
  address: string;
  postcode: string;
  latitude?: number | null;
  longitude?: number | null;
  accessibility?: string[] | null;
  accessibilityNotes?: string | null;
};
export type ListingArgs = Record<string, unknown> & {
  categoryIds?: (string | number)[] | null;
  districtIds?: (string | number)[] | null;
  locations?: LocationArgs[] | null;
};

/**
 * Fills in coordinates a provider left out from the postcode (they rarely know them). A location it
 * cannot place is not thrown at once: its error comes back with the listing's others (parseLocated).
 */
export async function withCoordinates(
  db: Context['db'] | Tx,
  input: ListingArgs,
): Promise<{ input: ListingArgs; found: FieldError[] }> {
  // More venues than a listing may have is refused by parseListing as sent: placing each first would
  // be a lookup apiece for a request bound to fail (18,000 held every other request for 48 s).
  if (!input.locations || input.locations.length > MAX_LOCATIONS) return { input, found: [] };
  const found: FieldError[] = [];
  const locations = await Promise.all(
    input.locations.map(async (l, i) => {
      if (l.latitude != null && l.longitude != null) return l;
      // One coordinate alone is a mistake, not a request for the postcode's: replacing it would
      // silently drop what was sent (even a value out of range).
      if (l.latitude != null || l.longitude != null) {
        const missing = l.latitude == null ? 'latitude' : 'longitude';
        found.push({
          path: ['input', 'locations', String(i), missing],
          message: `Give the ${missing} as well, or neither coordinate to take both from the postcode`,
        });
        return l;
      }
      const point = await pointForPostcode(db, l.postcode);
      if (!point || point === 'malformed') {
        found.push({
          path: ['input', 'locations', String(i), 'postcode'],
          message: 'We do not know this postcode: check it, or give the coordinates',
        });
        return l;
      }
      return { ...l, latitude: point.latitude, longitude: point.longitude };
    }),
  );
  return { input: { ...input, locations }, found };
}

/**
 * parseListing with what withCoordinates found, every error in one answer. A location it could not
 * place has no coordinates: the schema's word on them, or on the same field, would only repeat it.
 */
export function parseLocated(listing: unknown, found: FieldError[]): Listing {
  if (!found.length) return parseListing(listing);
  let schemaErrors: FieldError[] = [];
  try {
    parseListing(listing);
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    schemaErrors = e.fieldErrors;
  }
  const key = (path: string[]) => path.join('.');
  const unplaced = new Set(found.map((f) => key(f.path.slice(0, 3))));
  const same = new Set(found.map((f) => key(f.path)));
  const rest = schemaErrors.filter(
    (f) =>
      !same.has(key(f.path)) &&
      !(unplaced.has(key(f.path.slice(0, 3))) && (f.path[3] === 'latitude' || f.path[3] === 'longitude')),
  );
  const all = [...rest, ...found];
  throw new ValidationError(all[0]!.message, all);
}
