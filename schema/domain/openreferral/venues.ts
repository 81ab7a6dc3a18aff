import { parse as parsePostcode } from 'postcode';
import { ACCESSIBILITY_LABELS } from './ids';
import { cutNoted, noPlaceNotes, quoted } from './record-notes';
import { type ImportedSchedule, labelled, SCHEDULE_DESCRIPTION, schedulesFromOruk } from './schedules';

// A feed service's service_at_locations as our venues, with the opening times each venue gives.
// Plain functions: no database.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : []);

export type ImportedLocation = {
  /** The feed's service_at_location id: our venue's UUID derives from it, so it stays the same. */
  externalId: string;
  name: string;
  address: string;
  /** The address's state_province ("England"), only when it gives one: a record without one keeps
   * the snapshot earlier runs wrote, so it is not rewritten for nothing. */
  stateProvince?: string;
  postcode: string;
  latitude: number | null;
  longitude: number | null;
  accessibility: string[];
  accessibilityNotes: string;
  /** What the feed gave off the globe ("latitude 100 is not on the globe"): said by placeLocations
   * (write-services.ts), which alone knows whether the postcode places the venue instead. */
  offGlobe?: string;
  /** Notes on the venue's own fields (cut, accessibility kept only in part): said by placeLocations
   * only when the venue is placed; a venue not imported gets that one note instead. */
  notes?: string[];
};

const ACCESS_WORDS: [RegExp, string][] = [
  [/wheelchair/i, 'WHEELCHAIR'],
  [/step[- ]?free|level access/i, 'STEP_FREE'],
  [/accessible (toilet|loo)|disabled toilet/i, 'ACCESSIBLE_TOILET'],
  [/hearing|induction loop/i, 'HEARING_LOOP'],
  [/\bBSL\b|sign language/i, 'BSL'],
  [/braille/i, 'BRAILLE'],
  [/quiet/i, 'QUIET_SPACE'],
  [/parking/i, 'ACCESSIBLE_PARKING'],
];

/** The longest venue name we hold (a virtual location's "Online (…)" label too). */
const LOCATION_NAME = 120;

// Our features' own words, as the feed we publish gives them: such a text is kept whole.
const FEATURE_LABELS = new Set(Object.values(ACCESSIBILITY_LABELS).map((x) => x.toLowerCase()));

/** "se82ur" as the postcode's own spelling, "SE8 2UR", so it is found and placed; else as given, upper case. */
function ukPostcode(raw: string): string {
  const parsed = parsePostcode(raw.trim());
  return parsed.valid ? parsed.postcode : raw.toUpperCase();
}

/** "latitude 100 is not on the globe" when the feed's point is off it; else undefined. */
function offGlobeOf(l: Json, latitude: number | null, longitude: number | null): string | undefined {
  const off = [
    ['latitude', l.latitude, latitude],
    ['longitude', l.longitude, longitude],
  ].flatMap(([field, given, kept]) => (typeof given === 'number' && kept == null ? [`${field} ${given}`] : []));
  if (off.length) return `${off.join(' and ')} ${off.length > 1 ? 'are' : 'is'} not on the globe`;
}

/** Notes for a venue's accessibility text kept only as the features it names (a point off the
 * globe is said where the venue is placed: placeLocations). */
function accessNotesOf(l: Json, venue: ImportedLocation): string[] {
  const where = `location ${quoted(venue.name)}:`;
  // A text saying more than our features' own words ("Wheelchair accessible") is not kept whole;
  // the standard's `accessibility` text naming none of them is not kept at all.
  const accessNotes = arr(l.accessibility).flatMap((a) =>
    [str(a.description), str(a.accessibility)].flatMap((t, i) => {
      if (!t || FEATURE_LABELS.has(t.toLowerCase())) return [];
      const kept = ACCESS_WORDS.filter(([re]) => re.test(t)).map(([, f]) => ACCESSIBILITY_LABELS[f] ?? f);
      if (kept.length) return [`${where} accessibility ${quoted(t)} kept only as ${kept.join(', ')}`];
      return i ? [`${where} accessibility ${quoted(t)} not imported`] : [];
    }),
  );
  return accessNotes;
}

/** The venue; `notes` says what was cut. */
function venueOf(l: Json, externalId: string, notes: string[]): ImportedLocation {
  const address = arr(l.addresses).find((a) => a.address_type !== 'postal') ?? arr(l.addresses)[0] ?? {};
  const texts = arr(l.accessibility).flatMap((a) => [str(a.description), str(a.details), str(a.accessibility)]);
  // In the feed's order, so a round trip keeps it.
  const features = [...new Set(texts.flatMap((t) => ACCESS_WORDS.filter(([re]) => re.test(t)).map(([, f]) => f)))];
  const kept = arr(l.accessibility)
    .flatMap((a) => [
      str(a.details),
      ACCESS_WORDS.some(([re]) => re.test(str(a.description))) ? '' : str(a.description),
    ])
    .filter(Boolean);
  const name = cutNoted(str(l.name) || str(address.address_1) || 'Venue', LOCATION_NAME, 'location name', notes);
  const where = `location ${quoted(name)}:`;
  const addressText = [str(address.address_1), str(address.city)].filter(Boolean).join(', ');
  // A point off the globe (latitude 100) is no point: the venue is placed by its postcode instead.
  const latitude = typeof l.latitude === 'number' && Math.abs(l.latitude) <= 90 ? l.latitude : null;
  const longitude = typeof l.longitude === 'number' && Math.abs(l.longitude) <= 180 ? l.longitude : null;
  const offGlobe = offGlobeOf(l, latitude, longitude);
  notes.push(...noPlaceNotes(l, 'venue', where), ...noPlaceNotes(address, 'address', `${where} address`));
  const stateProvince = cutNoted(str(address.state_province), 100, `${where} address state_province`, notes);
  return {
    externalId,
    name,
    address: cutNoted(addressText, 300, `${where} address`, notes),
    ...(stateProvince ? { stateProvince } : {}),
    postcode: ukPostcode(str(address.postal_code)),
    latitude,
    longitude,
    accessibility: features,
    accessibilityNotes: cutNoted(kept.join('; '), 1000, `${where} accessibility notes`, notes),
    ...(offGlobe ? { offGlobe } : {}),
  };
}

/** Our schedules are the service's: a venue's are kept among them, named by the venue ("At
 * Venue a"). Its description was cut with room for the label (schedules.ts); only a label too
 * long to leave room cuts it again. */
function atVenue(s: ImportedSchedule, label: string, notes: string[]): ImportedSchedule {
  const description = labelled(label, s.description);
  return { ...s, description: cutNoted(description, SCHEDULE_DESCRIPTION, `${label}: schedule description`, notes) };
}

/**
 * The venues (physical locations), the opening times given per venue, and notes on what was not
 * taken (a postal address is where letters go, not a place a family visits: no venue, no map
 * point); or the reason to refuse the record (a venue's schedule we would have to change).
 */
export function venuesFromOruk(
  sals: Json[],
): { locations: ImportedLocation[]; schedules: ImportedSchedule[]; notes: string[] } | string {
  const seen = new Set<string>();
  const out = { locations: [] as ImportedLocation[], schedules: [] as ImportedSchedule[], notes: [] as string[] };
  for (const [i, sal] of sals.entries()) {
    const l = (sal.location as Json | undefined) ?? null;
    const where = `service_at_location ${i + 1}, `;
    if (l?.location_type === 'postal') {
      const schedules = schedulesFromOruk(arr(sal.schedules));
      if (typeof schedules === 'string') return `${where}${schedules}`;
      const name = str(l.name) || str(arr(l.addresses)[0]?.address_1) || str(sal.id);
      out.notes.push(
        `location "${name}" is a postal address, not a venue: not imported${schedules.length ? ', nor its opening times' : ''}`,
      );
      continue;
    }
    // The venue first, so its schedules are read knowing their label; their notes are said first.
    const venueNotes: string[] = [];
    let label = '';
    if (l?.location_type === 'virtual') {
      // Cut as other venues' names are, so a schedule's label stays short.
      const name = /^(online)?$/i.test(str(l.name)) ? 'Online' : `Online (${str(l.name)})`;
      label = cutNoted(name, LOCATION_NAME, 'location name', venueNotes);
      // HSDS 3 gives a virtual location's address as its url; a listing's venues are places.
      if (str(l.url))
        venueNotes.push(
          `location ${quoted(str(l.name) || 'Online')} is virtual: its url ${quoted(str(l.url))} not imported`,
        );
    } else if (l) {
      // Unique within the service, so a feed that repeats an id still gets one venue each.
      let externalId = (str(sal.id) || `#${i}`).toLowerCase();
      if (seen.has(externalId)) externalId = `${externalId}#${i}`;
      seen.add(externalId);
      const cutNotes: string[] = [];
      const venue = venueOf(l, externalId, cutNotes);
      const notes = [...accessNotesOf(l, venue), ...cutNotes];
      out.locations.push(notes.length ? { ...venue, notes } : venue);
      label = `At ${venue.name}`;
    } else {
      // Named by id alone (a table's row that is not in the package): nothing to place, but said.
      const id = str(sal.location_id) || str(sal.id);
      out.notes.push(`${where}location ${quoted(id || 'with no id')} not imported: the feed does not give it`);
    }
    const scheduleNotes: string[] = [];
    const schedules = schedulesFromOruk(arr(sal.schedules), scheduleNotes, where, label);
    if (typeof schedules === 'string') return `${where}${schedules}`;
    out.notes.push(...scheduleNotes, ...venueNotes);
    out.schedules.push(...schedules.map((s) => atVenue(s, label, out.notes)));
  }
  return out;
}
