import { cp, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { importSources, services } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { fileReader } from '../../server/openreferral/readers';
import { createZone } from '../oruk/fixtures';
import { freshDatabase } from '../setup/database';

// A tabular package that cannot be read as the standard lays it out is refused in one line naming
// the file and line, before anything is imported (as a broken JSON file is); a cell that is not
// its column's type skips that record only, as the same value in JSON does.
const PACKAGE = path.join(import.meta.dirname, '../fixtures/oruk-tabular');
let handle: DbHandle;
let dir: string;
beforeAll(async () => {
  handle = await freshDatabase();
  dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-tabular-refusals-'));
});
afterAll(() => handle.close());

let n = 0;
/** A copy of the package with `changes` (file name to its new bytes) applied; its folder. */
async function packageWith(changes: Record<string, string | Buffer>): Promise<string> {
  const folder = path.join(dir, `package-${n++}`);
  await cp(PACKAGE, folder, { recursive: true });
  for (const [file, bytes] of Object.entries(changes)) await writeFile(path.join(folder, file), bytes);
  return folder;
}
const fixture = (file: string) => readFile(path.join(PACKAGE, file), 'utf8');

/** Imports `target` into a new zone and answers the refusal; nothing of it may be written. */
async function refusal(target: string): Promise<string> {
  const { zone } = await createZone(handle.db, `refused-${n++}`, []);
  const message = await runImport(handle.db, fileReader(target), { zoneId: zone.id, location: 'file:t' }).then(
    () => 'imported',
    (e: Error) => e.message,
  );
  expect(await handle.db.$count(services, eq(services.zoneId, zone.id))).toBe(0);
  const [source] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
  expect(source?.lastStatus).toBe(`failed: ${message}`);
  return message;
}

describe('a tabular package that cannot be read', () => {
  it('a header without a column the standard requires, in services.csv or a child table', async () => {
    const noStatus = await packageWith({ 'services.csv': 'id,name,organization_id\n1,Youth club,2\n' });
    expect(await refusal(noStatus)).toBe(
      `${noStatus}/services.csv line 1: its header has no status column (Open Referral UK's services.csv must have id, name, status, organization_id); nothing was imported`,
    );
    const phones = await packageWith({ 'phones.csv': '\n\nid,contact_id,description\n' });
    expect(await refusal(phones)).toBe(
      `${phones}/phones.csv line 3: its header has no number column (Open Referral UK's phones.csv must have id, number); nothing was imported`,
    );
  });

  it('a row with more or fewer values than the header has columns, counting lines inside quotes', async () => {
    const folder = await packageWith({
      'phones.csv':
        'id,contact_id,number,description\r\nabc,def,020 7946 0001,"Two\r\nlines"\r\nx,y,020 7946 0002,a,b\r\n',
    });
    expect(await refusal(folder)).toBe(
      `${folder}/phones.csv line 4: 5 values where the header has 4 columns; nothing was imported`,
    );
    const short = await packageWith({ 'services.csv': `${await fixture('services.csv')}x,y\n` });
    expect(await refusal(path.join(short, 'services.csv'))).toMatch(
      /services\.csv line 4: 2 values where the header has 12 columns; nothing was imported$/,
    );
  });

  it('a quote left open, or one inside a value that is not quoted', async () => {
    const open = await packageWith({ 'contacts.csv': 'id,service_id,name\n1,2,"Sam\n' });
    expect(await refusal(open)).toMatch(
      /contacts\.csv line \d: a quoted value is still open at the end of the file; nothing was imported$/,
    );
    const stray = await packageWith({ 'contacts.csv': 'id,service_id,name\n1,2,Sam "the" man\n' });
    expect(await refusal(stray)).toMatch(/contacts\.csv line 2: a stray quote/);
  });

  it('a table that is not UTF-8, named with its line and byte', async () => {
    const text = Buffer.from('id,service_id,name\n1,2,Caf# club\n');
    text[text.indexOf('#')] = 0xe9;
    const folder = await packageWith({ 'contacts.csv': text });
    expect(await refusal(folder)).toBe(
      `${folder}/contacts.csv is not UTF-8 (line 2, byte 27: 0xE9); save it as UTF-8 and import it again. Nothing was imported.`,
    );
  });

  it('two files for one table, an empty services.csv, and a lone CSV that is not services.csv', async () => {
    const both = await packageWith({ 'service.csv': await fixture('services.csv') });
    expect(await refusal(both)).toMatch(/holds (service\.csv and services\.csv|services\.csv and service\.csv), both/);
    // An empty optional table is as none (tabular test); an empty services.csv is refused.
    const empty = await packageWith({ 'services.csv': '' });
    expect(await refusal(empty)).toBe(`${empty}/services.csv is empty; nothing was imported`);
    const lone = path.join(dir, 'listings.csv');
    await writeFile(lone, 'id,name,status\n1,Youth club,active\n');
    expect(await refusal(lone)).toBe(
      `${lone} is not JSON (it begins "id,name,status"); Open Referral services come as JSON, or as CSV tables: a folder holding services.csv`,
    );
  });
});

describe('a table that names a column twice, or gives one id twice', () => {
  it('a header with a column twice, in services.csv or a child table', async () => {
    const services = await fixture('services.csv');
    const twice = await packageWith({ 'services.csv': services.replace('internal_notes', 'name') });
    expect(await refusal(twice)).toBe(
      `${twice}/services.csv line 1: its header names the column name twice (columns 3 and 12); nothing was imported`,
    );
    const phones = await packageWith({ 'languages.csv': 'id,service_id,name, name\n' });
    expect(await refusal(phones)).toBe(
      `${phones}/languages.csv line 1: its header names the column name twice (columns 3 and 4); nothing was imported`,
    );
  });

  it('an id on two rows of organizations, locations, taxonomy_terms or services, whatever its case', async () => {
    for (const file of ['organizations.csv', 'locations.csv', 'taxonomy_terms.csv', 'services.csv']) {
      const text = await fixture(file);
      const [header, ...rows] = text.trimEnd().split('\n');
      const body = rows.join('\n');
      const folder = await packageWith({
        [file]: `${header}\n${body}\n${body.replace(/^(\S+?),/, (_, id) => `${id.toUpperCase()},`)}\n`,
      });
      const again = 2 + rows.length;
      expect(await refusal(folder)).toBe(
        `${folder}/${file} line ${again}: the id ${rows[0]!.split(',')[0]!.toUpperCase()} is on line 2 too; an id names one row; nothing was imported`,
      );
    }
  });
});

describe('a cell that is not its column’s type', () => {
  it('skips that record, naming the file, line, column and value, and imports the rest', async () => {
    const services = await fixture('services.csv');
    // The fixture's service (lines 2 and 3: its description has a line break) again, as another.
    const copy = (n: number) => services.split('\n').slice(1).join('\n').replace('4c5d01', `4c5d0${n}`);
    const folder = await packageWith({
      'services.csv':
        services +
        copy(2).replace(',11,18,', ',eleven,18,') +
        copy(3) +
        copy(4).replace('2026-10-01T09:00:00Z', '1 Oct 2026'),
      'cost_options.csv': `${await fixture('cost_options.csv')}5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c6703,5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d03,Guests,ten,per session\n`,
    });
    const { zone } = await createZone(handle.db, 'typed-cells', []);
    const summary = await runImport(handle.db, fileReader(folder), { zoneId: zone.id, location: 'file:typed' });
    expect(summary).toMatchObject({ created: 1, skipped: 3 });
    expect(summary.problems).toEqual([
      {
        id: '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d02',
        reason: 'services.csv line 4, column minimum_age: "eleven" is not a number',
      },
      {
        id: '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d03',
        reason: 'cost_options.csv line 3, column amount: "ten" is not a number',
      },
      {
        id: '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d04',
        reason:
          'services.csv line 8, column last_modified: "1 Oct 2026" is not a date and time (like 2026-10-01T09:00:00Z)',
      },
    ]);
    // The imports page shows the same reasons.
    const [source] = await handle.db.select().from(importSources).where(eq(importSources.zoneId, zone.id));
    expect(source?.lastErrors).toEqual(summary.problems);
  });
});
