import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run import:oruk` given Open Referral UK's tabular form (a folder of CSV tables, or its
// services.csv): imported as its JSON would be, a dry run writing nothing; a broken table is one
// line naming the file and line, exit 1 (audit 61 F11: any CSV was refused).
const PACKAGE = path.join(import.meta.dirname, '../fixtures/oruk-tabular');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'import-oruk-tabular-'));
const dataDir = path.join(scratch, 'data');
beforeAll(async () => {
  if (TEST_DB !== 'pglite') return;
  expect((await runScript('server/seed/run.ts', { DATA_DIR: dataDir })).code).toBe(0);
}, 120_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const importOruk = (...args: string[]) =>
  runScript('server/cli/import-oruk.ts', { DATA_DIR: dataDir }, { args: ['--zone', 'demo', ...args] });

describe.runIf(TEST_DB === 'pglite')('import:oruk of a tabular package', () => {
  it('a dry run of the folder, then the import of its services.csv', async () => {
    const dry = await importOruk('--dry-run', '--source', 'tables', PACKAGE);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toContain('Dry run: nothing was written.');
    expect(dry.output).toMatch(
      /File import: 1 read, 1 created, 0 updated, 0 unchanged, 0 withdrawn \(archived\), 0 skipped/,
    );
    const run = await importOruk('--source', 'tables', path.join(PACKAGE, 'services.csv'));
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(/File import: 1 read, 1 created/);
    // The same package again: the same source, nothing changed.
    const again = await importOruk('--source', 'tables', PACKAGE);
    expect(again.output).toMatch(/File import: 1 read, 0 created, 0 updated, 1 unchanged/);
  }, 120_000);

  it('a cell that is not its column’s type: the record skipped, its file, line, column and value said', async () => {
    const folder = path.join(scratch, 'typed');
    cpSync(PACKAGE, folder, { recursive: true });
    writeFileSync(
      path.join(folder, 'cost_options.csv'),
      'id,service_id,option,amount\n5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c6701,5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d01,Members,ten\n',
    );
    const run = await importOruk('--dry-run', '--source', 'typed', folder);
    // The package's one service skipped: every record read was, so the run exits 1 and says why.
    expect(run.code, run.output).toBe(1);
    expect(run.output).toContain('Every record read (1) was skipped');
    expect(run.output).toContain(
      '5b0e7f0c-3c1d-4a51-9d6e-1f2a3b4c5d01: cost_options.csv line 2, column amount: "ten" is not a number',
    );
  }, 120_000);

  it('a table with a row of the wrong width: one line naming the file and line, exit 1', async () => {
    const folder = path.join(scratch, 'wide');
    cpSync(PACKAGE, folder, { recursive: true });
    writeFileSync(path.join(folder, 'languages.csv'), 'id,service_id,name,code\n1,2,Polish,pl,extra\n');
    const run = await importOruk('--source', 'wide', folder);
    expect(run.code).toBe(1);
    expect(run.output.trim()).toBe(
      `Refused ${folder}: ${folder}/languages.csv line 2: 5 values where the header has 4 columns; nothing was imported.`,
    );
  }, 120_000);
});
