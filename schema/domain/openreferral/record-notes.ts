import { NO_UPPER_AGE } from '../listing-limits';
import { publishableEmail, publishableUrl } from './formats';

// What a feed's record gives that a listing cannot hold as given (audit 44 ORUK F2): the parts
// are changed or left out as before, and the run's report says so per record, quoting at most
// a short piece of the feed's text (a note is one line in a report, not a copy of the record).
// Plain functions: no database.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

const QUOTED = 60;

/** A feed's text in a note: one line, quoted, at most 60 characters. */
export function quoted(text: string): string {
  return `"${cutAtWord(text.replace(/\s+/g, ' ').trim(), QUOTED)}"`;
}

/** Text longer than `max` cut at the last word that fits, ending "…", so no word is cut in half. */
export function cutAtWord(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = text.slice(0, max);
  const space = room.search(/\s\S*$/);
  // One long word (a URL) has no word to cut at: cut it where it must be.
  const kept = space > max / 2 ? room.slice(0, space) : room.slice(0, max - 1);
  return `${kept.trimEnd()}…`;
}

// ORUK fields we have no place for, by what holds them (fees_description is HSDS 3's name for fees).
const NO_PLACE = {
  listing: ['alert', 'fees', 'fees_description', 'accreditations', 'assured_date', 'assurer_email'],
  organisation: ['logo', 'uri', 'parent_organization_id'],
  venue: ['description', 'external_identifier'],
  // state_province is kept with the venue (venues.ts) and published back.
  address: ['attention', 'region'],
  schedule: ['attending_type', 'schedule_link'],
} as const;
// What the note calls each holder: an address is part of a venue.
const HOLDER_NOUN: Record<keyof typeof NO_PLACE, string> = {
  listing: 'a listing',
  organisation: 'an organisation',
  venue: 'a venue',
  address: 'a venue',
  schedule: 'a schedule',
};

/**
 * Notes for the text fields of `r` that what it becomes (a listing, an organisation, a venue, its
 * address, a schedule) has no place for; `where` names it in the note ("organization", "location
 * "Hall":"). A list (a service's funding) is counted, not quoted.
 */
export function noPlaceNotes(r: Json, holder: keyof typeof NO_PLACE = 'listing', where = ''): string[] {
  const lead = where ? `${where} ` : '';
  const noun = HOLDER_NOUN[holder];
  const notes = NO_PLACE[holder]
    .filter((field) => str(r[field]))
    .map((field) => `${lead}${field} ${quoted(str(r[field]))} not imported: ${noun} has no place for it`);
  const funding = holder === 'listing' && Array.isArray(r.funding) ? r.funding.length : 0;
  if (funding)
    notes.push(
      `funding (${funding} ${funding === 1 ? 'source' : 'sources'}) not imported: ${noun} has no place for it`,
    );
  return notes;
}

/** An age as the feed gives it (whole years) and the note when it was rounded; null when it
 * gives none; a reason when it is no age. */
export function ageOf(v: unknown, field: string): { years: number | null; notes: string[] } | string {
  if (typeof v !== 'number' || !Number.isFinite(v)) return { years: null, notes: [] };
  const years = Math.round(v);
  if (years < 0 || years > NO_UPPER_AGE) return `${field} ${v} is not an age from 0 to ${NO_UPPER_AGE}`;
  return { years, notes: years === v ? [] : [`${field} ${v} rounded to ${years}: a listing's ages are whole years`] };
}

/** Text longer than we hold, cut to `max` characters as before; `notes` says so. */
export function cutNoted(text: string, max: number, what: string, notes: string[]): string {
  if (text.length <= max) return text;
  notes.push(`${what} ${quoted(text)} cut to ${max} characters`);
  return text.slice(0, max);
}

/** A web address kept only in the form we could publish again (formats.ts); anything else is
 * dropped, and `notes` says so. */
export function urlNoted(v: unknown, what: string, notes: string[]): string | null {
  const text = str(v);
  const url = publishableUrl(text);
  if (url && url.length <= 300) return url;
  if (text)
    notes.push(
      `${what} ${quoted(text)} not imported: not a usable web address (http or https, at most 300 characters)`,
    );
  return null;
}

/** An email address kept only in the form we could publish again; anything else is dropped, noted. */
export function emailNoted(v: unknown, what: string, notes: string[]): string | null {
  const text = str(v);
  const email = publishableEmail(text);
  if (!email && text) notes.push(`${what} ${quoted(text)} not imported: not a usable email address`);
  return email;
}

/** A note's kind: its text without the quoted feed text, ids and numbers it names. */
export function kindOf(reason: string): string {
  return reason
    .replace(/"[^"]*"/g, '""')
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, 'ID')
    .replace(/\d+/g, '#');
}

/**
 * At most `cap` of a run's notes (or skipped records) for its report, each kind given room before
 * any kind has more (audit 61 F4): 3,000 of one kind, said of every address, would otherwise fill
 * the report and hide the few records that lost something else. One of each kind comes first, in
 * the order kinds first came, so the report's first page shows every kind (audit 62).
 */
export function keptForReport<T extends { reason: string }>(items: T[], cap: number): T[] {
  if (items.length <= cap) return items;
  const byKind = new Map<string, number[]>();
  items.forEach((item, i) => {
    const kind = kindOf(item.reason);
    const list = byKind.get(kind);
    if (list) list.push(i);
    else byKind.set(kind, [i]);
  });
  // One of each kind a round, in the order kinds first came, until the report is full.
  const kept: number[] = [];
  for (let round = 0; kept.length < cap; round++)
    for (const list of byKind.values()) if (round < list.length && kept.length < cap) kept.push(list[round]!);
  return kept.map((i) => items[i]!);
}
