import { cutAtWord, quoted, urlNoted } from './record-notes';
import { idOf } from './service-parts';

// A feed service's service_areas as the areas a listing names. Plain functions: no database.

type Json = Record<string, unknown>;
const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

export type ImportedServiceArea = {
  /** The feed's id of the area, when it gives one. */
  externalId?: string;
  name: string;
  description: string;
  extent: string | null;
  extentType: string | null;
  uri: string | null;
  /** Only when the feed's service_area differs from its name (so earlier runs' snapshots still match). */
  serviceArea?: string;
};

/** The service areas with a name; a text longer than we hold is cut at a word, ending "…", not
 * mid-word, and the notes say so. */
export function serviceAreasFromOruk(list: Json[], notes: string[]): ImportedServiceArea[] {
  const fitted = (text: string, max: number, where: string) => {
    const kept = cutAtWord(text, max);
    if (kept !== text) notes.push(`${where} ${quoted(text)} cut to ${max} characters at a word`);
    return kept;
  };
  return list
    .map((a, i) => {
      const where = `service area ${i + 1}:`;
      const name = fitted(str(a.name) || str(a.service_area), 120, `${where} ${str(a.name) ? 'name' : 'service_area'}`);
      // The same text in both is cut once and said once.
      const same = !str(a.name) || str(a.service_area) === str(a.name);
      const serviceArea = same ? name : fitted(str(a.service_area), 120, `${where} service_area`);
      return {
        ...idOf(a),
        name,
        description: fitted(str(a.description), 500, `${where} description`),
        extent: str(a.extent) || null,
        extentType: str(a.extent_type) || null,
        // Shown as a link by readers: a web address the form could also save (never javascript:), else noted.
        uri: urlNoted(a.uri, `${where} uri`, notes),
        ...(serviceArea && serviceArea !== name ? { serviceArea } : {}),
      };
    })
    .filter((a) => a.name);
}
