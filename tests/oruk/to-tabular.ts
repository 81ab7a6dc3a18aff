import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

// Test-only: Open Referral UK service_full records written as the standard's tabular form (one CSV
// per table, children linked by their parent's id), to import the same services both ways.

type Json = Record<string, unknown>;
const list = (v: unknown): Json[] => (Array.isArray(v) ? v : []);

export function toTables(records: Json[]): Map<string, Json[]> {
  const tables = new Map<string, Map<string, Json>>();
  const add = (file: string, item: unknown, links: Json = {}) => {
    if (!item || typeof item !== 'object') return;
    const row: Json = { ...links };
    for (const [k, v] of Object.entries(item)) if (v == null || typeof v !== 'object') row[k] = v;
    const table = tables.get(file) ?? new Map<string, Json>();
    tables.set(file, table);
    const id = String(row.id ?? `#${table.size}`);
    table.set(id, { ...table.get(id), ...row });
  };
  for (const s of records) {
    add('services.csv', s);
    const org = s.organization as Json | undefined;
    if (org) {
      add('organizations.csv', org);
      for (const i of list(org.organization_identifiers))
        add('organization_identifiers.csv', i, { organization_id: org.id });
      for (const p of list(org.phones)) add('phones.csv', p, { organization_id: org.id });
    }
    for (const x of list(s.schedules)) add('schedule.csv', x, { service_id: s.id });
    for (const [key, file] of [
      ['service_areas', 'service_areas.csv'],
      ['languages', 'languages.csv'],
      ['funding', 'funding.csv'],
      ['cost_options', 'cost_options.csv'],
      ['phones', 'phones.csv'],
    ])
      for (const x of list(s[key!])) add(file!, x, { service_id: s.id });
    for (const c of list(s.contacts)) {
      add('contacts.csv', c, { service_id: s.id });
      for (const p of list(c.phones)) add('phones.csv', p, { contact_id: c.id });
    }
    for (const sal of list(s.service_at_locations)) {
      const l = sal.location as Json | undefined;
      add('service_at_location.csv', sal, { service_id: s.id, location_id: l?.id ?? sal.location_id });
      for (const x of list(sal.schedules)) add('schedule.csv', x, { service_at_location_id: sal.id });
      if (!l) continue;
      add('locations.csv', l);
      for (const a of list(l.addresses)) add('address.csv', a, { location_id: l.id });
      for (const a of list(l.accessibility)) add('accessibility.csv', a, { location_id: l.id });
    }
    for (const a of list(s.attributes)) {
      add('attribute.csv', a, { link_id: s.id, link_entity: 'service' });
      const term = a.taxonomy_term as Json | undefined;
      add('taxonomy_terms.csv', term);
      if (term?.taxonomy_detail) add('taxonomies.csv', term.taxonomy_detail);
    }
  }
  return new Map([...tables].map(([file, rows]) => [file, [...rows.values()]]));
}

const cell = (v: unknown) => {
  const text = v == null ? '' : String(v);
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
};

/** One table as CSV text: its header the columns any row has. */
export function csvOf(rows: Json[], newline = '\n'): string {
  const columns = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return (
    [columns, ...rows.map((r) => columns.map((c) => r[c]))].map((r) => r.map(cell).join(',')).join(newline) + newline
  );
}

/** The records written as tables in `folder`. */
export async function writeTabular(folder: string, records: Json[]): Promise<void> {
  await mkdir(folder, { recursive: true });
  for (const [file, rows] of toTables(records)) await writeFile(path.join(folder, file), csvOf(rows));
}
