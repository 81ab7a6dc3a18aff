import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { and, eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { schemaErrors } from '../oruk/schemas';
import { writeTabular } from '../oruk/to-tabular';
import { startServer, type TestServer } from '../setup/server';

// Open Referral UK's tabular form (a folder of CSV tables: services.csv, phones.csv, …) imports
// as its JSON does (audit 61 F11: CSV was refused): each service assembled from the tables.
const PACKAGE = path.join(import.meta.dirname, '../fixtures/oruk-tabular');
const SERVICE_ID = '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d01';
let s: TestServer;
let dir: string;
beforeAll(async () => {
  s = await startServer();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-tabular-'));
});
afterAll(() => s.close());

// biome-ignore lint/suspicious/noExplicitAny: ORUK bodies are read dynamically.
type Json = any;

async function published(slug: string, zoneId: number, externalId: string): Promise<Json> {
  const [row] = await s.db
    .select({ uuid: services.uuid })
    .from(services)
    .where(and(eq(services.zoneId, zoneId), eq(services.externalId, externalId)));
  const body = await (await fetch(`${s.url}/openreferral/${slug}/services/${row!.uuid}`)).json();
  expect(schemaErrors('service', body)).toEqual([]);
  return body;
}

describe('a tabular package', () => {
  it('imports each service with its organisation, venue, times, contacts, costs, languages, areas and terms', async () => {
    const { zone } = await createZone(s.db, 'tabular', []);
    const summary = await runImport(s.db, fileReader(PACKAGE), { zoneId: zone.id, location: 'file:tabular' });
    expect(summary).toMatchObject({ read: 1, created: 1, skipped: 0, problems: [] });
    const body = await published('tabular', zone.id, SERVICE_ID);
    expect(body).toMatchObject({
      name: 'Riverside youth club',
      description: 'Games, music and homework help.\nDrop in after school.',
      eligibility_description: 'Young people living in Lewisham',
      url: 'https://riverside.example.org/club',
      status: 'active',
      minimum_age: 11,
      maximum_age: 18,
      organization: {
        name: 'Riverside Trust',
        organization_identifiers: [expect.objectContaining({ identifier_scheme: 'GB-CHC', identifier: '1234567' })],
      },
    });
    // The column the standard does not define is not read.
    expect(JSON.stringify(body)).not.toContain('not for publication');
    const [venue] = body.service_at_locations;
    expect(venue.location).toMatchObject({ name: 'Riverside Hall', latitude: 51.4452, longitude: -0.0209 });
    expect(venue.location.addresses[0]).toMatchObject({
      address_1: '1 Rushey Green',
      city: 'London',
      postal_code: 'SE6 4RU',
    });
    expect(venue.location.accessibility.map((a: Json) => a.description)).toEqual(['Wheelchair accessible']);
    expect(body.schedules.map((x: Json) => [x.byday, x.opens_at, x.interval ?? 1, x.description])).toEqual([
      ['SA', '10:00', 1, 'Saturday mornings'],
      ['TU', '18:00', 2, 'At Riverside Hall'],
    ]);
    const contact = body.contacts.find((c: Json) => c.name === 'Sam Okafor');
    expect(contact).toMatchObject({ title: 'Youth worker', email: 'sam@riverside.example.org' });
    // The phone of a contact the package does not give is left out.
    expect(body.contacts.flatMap((c: Json) => c.phones.map((p: Json) => p.number))).toEqual(['020 7946 0123']);
    expect(body.cost_options).toEqual([
      expect.objectContaining({ option: 'Members', amount: 2.5, amount_description: 'per session' }),
    ]);
    expect(body.languages).toEqual([expect.objectContaining({ name: 'Polish', code: 'pl' })]);
    expect(body.service_areas).toEqual([expect.objectContaining({ name: 'Lewisham borough' })]);
    expect(body.attributes.map((a: Json) => a.taxonomy_term)).toContainEqual(
      expect.objectContaining({ name: 'Youth clubs', taxonomy: 'Riverside activities', term: 'youth-clubs' }),
    );
    // Imported again unchanged: nothing written (the snapshot is the same).
    expect(await runImport(s.db, fileReader(PACKAGE), { zoneId: zone.id, location: 'file:tabular' })).toMatchObject({
      unchanged: 1,
    });
  });

  it('is read from its services.csv, with a byte-order mark and CRLF line ends; a dry run writes nothing', async () => {
    const folder = path.join(dir, 'bom-crlf');
    await cp(PACKAGE, folder, { recursive: true });
    for (const file of ['services.csv', 'phones.csv', 'schedule.csv']) {
      const text = await readFile(path.join(folder, file), 'utf8');
      await writeFile(path.join(folder, file), `\uFEFF${text.replace(/\n/g, '\r\n')}`);
    }
    const { zone } = await createZone(s.db, 'tabular-crlf', []);
    const file = path.join(folder, 'services.csv');
    const dry = await runImport(s.db, fileReader(file), { zoneId: zone.id, location: 'file:crlf', dryRun: true });
    expect(dry).toMatchObject({ created: 1, skipped: 0 });
    expect(await s.db.$count(services, eq(services.zoneId, zone.id))).toBe(0);
    expect(await runImport(s.db, fileReader(file), { zoneId: zone.id, location: 'file:crlf' })).toMatchObject({
      created: 1,
    });
    const body = await published('tabular-crlf', zone.id, SERVICE_ID);
    // A quoted line break is the value's, as the file gives it.
    expect(body.description).toBe('Games, music and homework help.\r\nDrop in after school.');
    expect(body.contacts.flatMap((c: Json) => c.phones.map((p: Json) => p.number))).toEqual(['020 7946 0123']);
  });

  it('is read as meant where that is plain: header case and spaces, spaced ids, a listed value in another case, blank tables', async () => {
    const folder = path.join(dir, 'lenient');
    await cp(PACKAGE, folder, { recursive: true });
    const edit = async (file: string, change: (text: string) => string) =>
      writeFile(path.join(folder, file), change(await readFile(path.join(folder, file), 'utf8')));
    const ORG = '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5e01';
    // Headers in another case, with spaces; ids with spaces where defined and where referenced.
    await edit('services.csv', (t) =>
      t
        .replace('id,organization_id,name,', ' ID ,Organization_ID , Name,')
        .replace(`,${ORG},`, `, ${ORG} ,`)
        .replace(',active,', ',Active,'),
    );
    await edit('organizations.csv', (t) => t.replace(ORG, ` ${ORG}`));
    await edit('locations.csv', (t) => t.replace('location_type', 'Location_Type').replace(',physical,', ',PHYSICAL,'));
    // Optional tables exported with no rows: nothing, a byte-order mark, blank lines.
    await writeFile(path.join(folder, 'languages.csv'), '');
    await writeFile(path.join(folder, 'funding.csv'), '\uFEFF');
    await writeFile(path.join(folder, 'accessibility.csv'), ' \r\n\r\n');
    const { zone } = await createZone(s.db, 'tabular-lenient', []);
    const summary = await runImport(s.db, fileReader(folder), { zoneId: zone.id, location: 'file:lenient' });
    expect(summary).toMatchObject({ read: 1, created: 1, skipped: 0, problems: [] });
    const body = await published('tabular-lenient', zone.id, SERVICE_ID);
    expect(body).toMatchObject({
      name: 'Riverside youth club',
      status: 'active',
      organization: { name: 'Riverside Trust' },
    });
    expect(body.service_at_locations[0].location).toMatchObject({ name: 'Riverside Hall', location_type: 'physical' });
    expect(body.languages).toEqual([]);
    // A value not on the list in any case is still refused, named by its cell.
    await edit('services.csv', (t) => t.replace(',Active,', ',Gone,'));
    const gone = await runImport(s.db, fileReader(folder), { zoneId: zone.id, location: 'file:lenient' });
    expect(gone.problems).toEqual([
      {
        id: SERVICE_ID,
        reason:
          'services.csv line 2, column status: "Gone" is not one of active, inactive, defunct, temporarily closed',
      },
    ]);
  });

  it('gives the same published records as the same services imported as JSON', async () => {
    // The demo directory's whole feed and the package's service (costs, languages, areas, a
    // taxonomy of its own), as JSON and as tables.
    const source = await createZone(s.db, 'tabular-source', []);
    await runImport(s.db, fileReader(PACKAGE), { zoneId: source.zone.id, location: 'file:source' });
    const records: Json[] = [await published('tabular-source', source.zone.id, SERVICE_ID)];
    for (let page = 1; ; page++) {
      const body = await (
        await fetch(`${s.url}/openreferral/demo/services?full_service=true&per_page=100&page=${page}`)
      ).json();
      records.push(...body.contents);
      if (body.last_page || !body.contents.length) break;
    }
    expect(records.length).toBeGreaterThan(10);
    const jsonFile = path.join(dir, 'demo.json');
    await writeFile(jsonFile, JSON.stringify(records));
    const tables = path.join(dir, 'demo-tables');
    await writeTabular(tables, records);
    const fromJson = await createZone(s.db, 'from-json', []);
    const fromCsv = await createZone(s.db, 'from-csv', []);
    const json = await runImport(s.db, fileReader(jsonFile), { zoneId: fromJson.zone.id, location: 'file:json' });
    const csv = await runImport(s.db, fileReader(tables), { zoneId: fromCsv.zone.id, location: 'file:csv' });
    expect(csv).toMatchObject({ read: json.read, created: json.created, skipped: json.skipped });
    expect(csv.notes).toEqual(json.notes);
    const feed = async (slug: string) => {
      const body = await (await fetch(`${s.url}/openreferral/${slug}/services?full_service=true&per_page=100`)).json();
      return body.contents.map((r: Json) => JSON.stringify(withoutIds(r))).sort();
    };
    const [a, b] = [await feed('from-json'), await feed('from-csv')];
    expect(a.length).toBe(json.created);
    expect(b).toEqual(a);
  }, 120_000);
});

/** The record without its ids (each zone's own) and its last_modified (the time of the import). */
function withoutIds(value: Json): Json {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([k]) => k !== 'id' && !k.endsWith('_id') && k !== 'last_modified')
      .map(([k, v]) => [k, withoutIds(v)]),
  );
}
