import { asOneLine } from '../one-line';
import type { ImportedService, ImportedTerm } from './from-oruk';
import LANGUAGES from './languages.json';
import { cutNoted, emailNoted, quoted, urlNoted } from './record-notes';

// A feed service's contacts, phones, languages, cost options and taxonomy terms as we keep them;
// what is cut or left out goes in `notes`, said in the run's report. Plain functions: no database.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
/** The feed's id of a part, when it gives one (kept out of the snapshot: ./snapshot.ts). */
export const idOf = (x: Json): { externalId?: string } => (str(x.id) ? { externalId: str(x.id).toLowerCase() } : {});
const arr = (v: unknown): Json[] => (Array.isArray(v) ? v.filter((x): x is Json => !!x && typeof x === 'object') : []);

/** Phones with a number; an extension (no field for it in ORUK UK, nor room in our number) goes
 * in the description, "Main, extension 12". */
export function phonesOf(
  list: unknown,
  where: string,
  notes: string[],
): { number: string; description: string; externalId?: string }[] {
  return arr(list).flatMap((p, i) => {
    const ext = typeof p.extension === 'number' ? String(p.extension) : str(p.extension);
    const description = [str(p.description), ext ? `extension ${ext}` : ''].filter(Boolean).join(', ');
    const what = `${where}phone ${i + 1}`;
    if (!str(p.number)) {
      if (description) notes.push(`${what} ${quoted(description)} has no number: not imported`);
      return [];
    }
    return [
      {
        ...idOf(p),
        number: cutNoted(str(p.number), 40, `${what}: number`, notes),
        description: cutNoted(description, 120, `${what}: description`, notes),
      },
    ];
  });
}

/** The record's contacts, then its own phones (HSDS service.phones; ORUK UK keeps phones on
 * contacts) as a contact with no name, which our feed publishes as such. */
export function contactsOf(r: Json, notes: string[]): ImportedService['contacts'] {
  const contacts = arr(r.contacts).map((c, i) => {
    const where = `contact ${i + 1}: `;
    return {
      ...idOf(c),
      // One line each, as the listing form keeps them (one-line.ts).
      name: cutNoted(asOneLine(str(c.name)), 120, `${where}name`, notes),
      title: cutNoted(asOneLine(str(c.title)), 120, `${where}title`, notes),
      email: emailNoted(c.email, `${where}email`, notes),
      phones: phonesOf(c.phones, where, notes),
    };
  });
  const own = phonesOf(r.phones, '', notes);
  return [...contacts, ...(own.length ? [{ name: '', title: '', email: null, phones: own }] : [])];
}

// Common ISO 639-1 codes and their English names: a feed may give either, and one language
// must be one whichever it gave ({name: "French"} and {code: "fr"} are both French, fr).
const NAME_OF: Record<string, string> = LANGUAGES;
const CODE_OF = new Map(Object.entries(NAME_OF).map(([code, name]) => [name.toLowerCase(), code]));

export function languagesOf(r: Json, notes: string[]): ImportedService['languages'] {
  return arr(r.languages)
    .map((l, i) => {
      const given = str(l.code).toLowerCase();
      const code = /^[a-z]{2,3}$/.test(given) ? given : (CODE_OF.get(str(l.name).toLowerCase()) ?? null);
      // The feed's own name when it gives one; else the known name of its code.
      const name = str(l.name) || (code && NAME_OF[code]) || str(l.code);
      return { ...idOf(l), name: cutNoted(name, 60, `language ${i + 1}: name`, notes), code };
    })
    .filter((l) => l.name);
}

/** The most a listing's cost option holds, in pence: £100,000, as the provider's form (listing.ts). */
const MOST_PENCE = 10_000_000;

/** A price below zero, or more than a listing holds (1e20 would not fit the column and the
 * database would refuse the whole record), means nothing we could publish: the option goes in
 * without it, noted. Our cost options have no dates (drizzle/tables/service-cost-options.ts):
 * valid_from and valid_to are left out, said once for the record. */
export function costOptionsOf(r: Json, notes: string[]): ImportedService['costOptions'] {
  const options = arr(r.cost_options);
  const dated = options.flatMap((c, i) => (str(c.valid_from) || str(c.valid_to) ? [i + 1] : []));
  if (dated.length)
    notes.push(
      `cost option valid_from/valid_to not kept: a listing's cost options have no dates (cost option${dated.length > 1 ? 's' : ''} ${dated.join(', ')})`,
    );
  return options.map((c, i) => {
    const where = `cost option ${i + 1}: `;
    const negative = typeof c.amount === 'number' && c.amount < 0;
    const tooMuch = typeof c.amount === 'number' && Math.round(c.amount * 100) > MOST_PENCE;
    if (negative) notes.push(`${where}amount ${c.amount} is below zero: imported with no amount`);
    if (tooMuch)
      notes.push(
        `${where}amount ${c.amount} is more than £${(MOST_PENCE / 100).toLocaleString('en-GB')}, the most a listing holds: imported with no amount`,
      );
    return {
      ...idOf(c),
      amountPence: typeof c.amount === 'number' && !negative && !tooMuch ? Math.round(c.amount * 100) : null,
      per: cutNoted(str(c.amount_description), 60, `${where}amount_description`, notes),
      conditions: cutNoted(str(c.option), 500, `${where}option`, notes),
    };
  });
}

/** Term ids (ours or another taxonomy's), with the term when the feed embeds it; an attribute
 * naming no term is left out. */
export function termsOf(r: Json, notes: string[]): ImportedService['terms'] {
  return arr(r.attributes).flatMap((a, i) => {
    const embedded = (a.taxonomy_term as Json | undefined) ?? null;
    const id = (str(a.taxonomy_term_id) || str(embedded?.id)).toLowerCase();
    if (!id) {
      const named = str(embedded?.name);
      notes.push(`attribute ${i + 1}${named ? ` ${quoted(named)}` : ''} names no taxonomy term id: not imported`);
      return [];
    }
    return [{ uuid: id, term: termFrom(embedded, id, `taxonomy term ${i + 1}: `, notes) }];
  });
}

/** A feed's taxonomy_term as we keep it; null when it has no name. */
export function termFrom(t: Json | null, id: string, where: string, notes: string[]): ImportedTerm | null {
  if (!t || !str(t.name)) return null;
  return {
    uuid: id,
    name: cutNoted(str(t.name), 200, `${where}name`, notes),
    description: cutNoted(str(t.description), 1000, `${where}description`, notes),
    code: str(t.term) || str(t.code) || null,
    parentUuid: str(t.parent_id) || null,
    termUri: urlNoted(t.term_uri, `${where}term_uri`, notes),
    taxonomy: taxonomyOf(t, where, notes),
  };
}

/** The term's taxonomy: ORUK's taxonomy (a name) and taxonomy_id, else HSDS's taxonomy_detail. */
function taxonomyOf(t: Json, where: string, notes: string[]): ImportedTerm['taxonomy'] {
  const d = (t.taxonomy_detail as Json | undefined) ?? null;
  const detail =
    d && typeof d === 'object'
      ? {
          description: cutNoted(str(d.description), 1000, `${where}taxonomy description`, notes),
          uri: str(d.uri) || null,
          version: cutNoted(str(d.version), 60, `${where}taxonomy version`, notes) || null,
        }
      : null;
  return {
    uuid: (str(t.taxonomy_id) || str(d?.id)).toLowerCase() || null,
    name: str(t.taxonomy) || str(d?.name) || null,
    ...(detail && (detail.description || detail.uri || detail.version) ? { detail } : {}),
  };
}
