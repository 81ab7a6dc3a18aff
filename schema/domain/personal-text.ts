import { type SQL, sql } from 'drizzle-orm';

/**
 * Free text kept as evidence of unmet need (a search's words, what a link worker tried) without
 * personal data: a word, or a part of one between punctuation ("Sofia/Silva"), that is a first or
 * last name of one of the zone's children, or a part of one ("Silva" of "Da Silva"), becomes
 * "[name]", a child's or commission's reference "[reference]", a date "[date]", and contact details
 * "[email]", "[phone]", "[address]", "[postcode]" and a parent's name after a title or "mum". The SQL
 * function is the migrations' (drizzle/migrations/ *personal_data_out_of_evidence*,
 * *names_and_dates_out_of_evidence*, *names_in_parts_out_of_evidence*, *contacts_out_of_evidence*,
 * *addresses_told_from_distances*, *names_run_together_out_of_evidence*: "AmaraOkafor" is cut at its capital,
 * *names_variants_out_of_evidence*: a name run together in lower case ("amaraokafor"), with digits
 * ("amara1"), with an apostrophe-less "s" ("okafors") or accents ("amára"), of three letters or more,
 * and a reference without its hyphen or with a space ("rvb7vnu5", "rvb 7vnu5")), which cleaned
 * earlier rows the same way (not yet in compatible forms); `max` keeps the column's limit, as
 * "[name]" may be longer than the name.
 */
export const withoutPersonalData = (zoneId: number | null, text: string, max: number): SQL =>
  sql`left("without_personal_data"(${zoneId}::integer, ${compatible(text)}::text), ${max}::integer)`;

/**
 * Full-width letters, ligatures and the like as their plain forms (NFKC), so "Ａｍａｒａ" is
 * known as the name it reads as (audit 60); the text is kept so.
 */
const compatible = (text: string) => text.normalize('NFKC');
