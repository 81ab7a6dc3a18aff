import { readFileSync } from 'node:fs';
import path from 'node:path';
import { markReadFrom } from './tabular-cells';
import EXTRAS from './tabular-extras.json';

// Open Referral UK's tabular form (a folder of CSV tables, one per schema file, linked by ids) as
// the nested service_full records a JSON feed gives, so the importer reads both the same way. The
// tables and their columns' types come from the schema the importer validates with
// (service.schema.json: each table is an object there with its `path`), and tabular-extras.json.
// Plain functions: no database, no files.

type Json = Record<string, unknown>;
export type ColumnType = 'string' | 'number' | 'integer' | 'boolean';
export type TableSpec = {
  /** The schema's name for it: service, phone, taxonomy_term. */
  name: string;
  /** The standard's file name: services.csv, schedule.csv. */
  path: string;
  columns: Record<string, ColumnType>;
  /** Columns its header must have: the schema's required and tabular_required. */
  required: string[];
  /** The values a column may hold, where the schema lists them (status: active, inactive, …). */
  enums?: Record<string, string[]>;
};

const TYPES = new Set(['string', 'number', 'integer', 'boolean']);
const extras = EXTRAS as {
  columns: Record<string, Record<string, ColumnType>>;
  tables: Record<string, Omit<TableSpec, 'name'>>;
};

function tablesOfSchema(): Map<string, TableSpec> {
  const schema = JSON.parse(readFileSync(path.join(import.meta.dirname, 'service.schema.json'), 'utf8')) as Json;
  const tables = new Map<string, TableSpec>();
  const walk = (s: Json) => {
    const properties = (s.properties ?? {}) as Record<string, Json>;
    if (typeof s.path === 'string' && typeof s.name === 'string' && !tables.has(s.name)) {
      const columns: Record<string, ColumnType> = {};
      const enums: Record<string, string[]> = {};
      for (const [key, p] of Object.entries(properties)) {
        if (TYPES.has(p.type as string)) columns[key] = p.type as ColumnType;
        if (Array.isArray(p.enum)) enums[key] = p.enum as string[];
      }
      const required = [...((s.required as string[]) ?? []), ...((s.tabular_required as string[]) ?? [])];
      tables.set(s.name, {
        name: s.name,
        path: s.path,
        columns: { ...columns, ...extras.columns[s.name] },
        required: [...new Set(required)],
        enums,
      });
    }
    for (const p of Object.values(properties)) {
      if (p.type === 'array' && p.items && typeof p.items === 'object') walk(p.items as Json);
      else if (p.properties) walk(p);
    }
  };
  walk(schema);
  for (const [name, table] of Object.entries(extras.tables)) tables.set(name, { name, ...table });
  return tables;
}

/** Every table the tabular form may hold, by the schema's name. */
export const TABLES: ReadonlyMap<string, TableSpec> = tablesOfSchema();

const plural = (name: string) =>
  /(s|x|ch|sh)$/.test(name) ? `${name}es` : /[^aeiou]y$/.test(name) ? `${name.slice(0, -1)}ies` : `${name}s`;

/** The file names a table is read from: the standard's (services.csv, schedule.csv), and the
 * singular and plural of its name (service.csv, schedules.csv). */
export const fileNamesOf = (t: TableSpec): string[] => [...new Set([t.path, `${t.name}.csv`, `${plural(t.name)}.csv`])];

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/** A cell as the schema's type. An empty cell is no value, except a required text, which is ''
 * (as JSON gives an organisation's blank description). Text that is not the type's is left as
 * text: the schema check then skips the record naming the cell (tabular-cells.ts). */
export function cellValue(text: string, type: ColumnType, required: boolean): unknown {
  if (text === '') return type === 'string' && required ? '' : undefined;
  const t = text.trim();
  if ((type === 'number' || type === 'integer') && NUMBER.test(t) && Number.isFinite(Number(t))) return Number(t);
  if (type === 'boolean' && /^(true|1)$/i.test(t)) return true;
  if (type === 'boolean' && /^(false|0)$/i.test(t)) return false;
  return text;
}

/** A row's known columns as typed values; columns the table does not define are left out. The row
 * is marked with where it was read, so a value the schema refuses is named by file, line and column.
 * Where the reading is plain, a cell is taken as meant: an id without the spaces around it, a value
 * of the schema's list in another case (status Active) as the list spells it. */
export function rowOf(table: TableSpec, header: string[], cells: string[], from: { file: string; line: number }): Json {
  const row: Json = markReadFrom({}, from.file, from.line);
  for (const [i, column] of header.entries()) {
    const type = table.columns[column];
    if (!type || column in row) continue;
    const isId = column === 'id' || column.endsWith('_id');
    const text = isId ? (cells[i] ?? '').trim() : (cells[i] ?? '');
    const value = cellValue(text, type, table.required.includes(column));
    if (value !== undefined) row[column] = inListsCase(value, table.enums?.[column]);
  }
  return row;
}

/** The list's own spelling of a value that differs from one of it only in case; else the value. */
function inListsCase(value: unknown, list: string[] | undefined): unknown {
  if (!list || typeof value !== 'string') return value;
  const lower = value.trim().toLowerCase();
  return list.find((v) => v.toLowerCase() === lower) ?? value;
}

/** An id as ids are matched: whatever its case and surrounding spaces ('' for none). */
export const idKey = (v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : '');

/**
 * The tables other than services, held whole, and the services' records assembled from them. A
 * row whose parent is not in the package (a phone of a contact no row gives) is never reached,
 * so it is left out, as it would be from a JSON record.
 */
export class TabularPackage {
  private readonly indexes = new Map<string, Map<string, Json[]>>();

  constructor(private readonly rows: ReadonlyMap<string, Json[]>) {}

  /** The rows of `table` whose `column` is `id` (ids matched whatever their case). */
  private by(table: string, column: string, id: unknown): Json[] {
    const name = `${table}.${column}`;
    let index = this.indexes.get(name);
    if (!index) {
      index = new Map();
      for (const row of this.rows.get(table) ?? []) {
        const k = idKey(row[column]);
        const list = k ? index.get(k) : undefined;
        if (list) list.push(row);
        else if (k) index.set(k, [row]);
      }
      this.indexes.set(name, index);
    }
    return idKey(id) ? (index.get(idKey(id)) ?? []) : [];
  }

  private one = (table: string, id: unknown): Json | undefined => this.by(table, 'id', id)[0];

  /** The row of `table` with this id and the parts `partsOf` gives it embedded; undefined when no row has it. */
  private withParts(table: string, id: unknown, partsOf: (id: unknown) => Json): Json | undefined {
    const row = this.one(table, id);
    return row && { ...row, ...partsOf(id) };
  }

  private organisation = (id: unknown) =>
    this.withParts('organization', id, (of) => ({
      organization_identifiers: this.by('organization_identifier', 'organization_id', of),
      phones: this.by('phone', 'organization_id', of).filter((p) => !p.contact_id && !p.service_id),
    }));

  private location = (id: unknown) =>
    this.withParts('location', id, (of) => ({
      addresses: this.by('address', 'location_id', of),
      accessibility: this.by('accessibility', 'location_id', of),
    }));

  /** A taxonomy_terms row with its taxonomy named and detailed; undefined when no row has the id. */
  term(id: unknown): Json | undefined {
    const term = this.one('taxonomy_term', id);
    if (!term) return undefined;
    const taxonomy = this.one('taxonomy', term.taxonomy_id);
    if (!taxonomy) return term;
    // The term names its taxonomy (ORUK's `taxonomy`); the taxonomy's row is HSDS's taxonomy_detail.
    return { ...term, taxonomy: term.taxonomy ?? taxonomy.name, taxonomy_detail: taxonomy };
  }

  /** The service row as ORUK v3's service_full, its parts embedded. */
  service(row: Json): Json {
    const id = row.id;
    const organization = this.organisation(row.organization_id);
    const schedules = this.by('schedule', 'service_id', id).filter((s) => !s.service_at_location_id);
    const attributes = this.by('attribute', 'link_id', id)
      .filter((a) => !a.link_entity || idKey(a.link_entity) === 'service')
      .map(({ link_entity: _, ...a }) => {
        const term = this.term(a.taxonomy_term_id);
        return term ? { ...a, taxonomy_term: term } : a;
      });
    return {
      ...row,
      ...(organization ? { organization } : {}),
      service_at_locations: this.by('service_at_location', 'service_id', id).map((sal) => {
        const location = this.location(sal.location_id);
        return {
          ...sal,
          ...(location ? { location } : {}),
          schedules: this.by('schedule', 'service_at_location_id', sal.id),
        };
      }),
      schedules,
      phones: this.by('phone', 'service_id', id).filter((p) => !p.contact_id),
      contacts: this.by('contact', 'service_id', id).map((c) => ({
        ...c,
        phones: this.by('phone', 'contact_id', c.id),
      })),
      languages: this.by('language', 'service_id', id),
      service_areas: this.by('service_area', 'service_id', id),
      cost_options: this.by('cost_option', 'service_id', id),
      funding: this.by('funding', 'service_id', id),
      attributes,
    };
  }
}
