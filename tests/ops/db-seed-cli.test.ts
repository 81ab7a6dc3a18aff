import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run db:seed` on a data folder that does not exist yet: it used to ask the new database
// whether it was empty before any table was there ("relation zones does not exist").
const scratch = mkdtempSync(path.join(os.tmpdir(), 'db-seed-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.runIf(TEST_DB === 'pglite')('db:seed', () => {
  it('seeds a fresh data folder; a second run refuses before writing anything and exits 1', async () => {
    const dataDir = path.join(scratch, 'fresh');
    const first = await runScript('server/seed/run.ts', { DATA_DIR: dataDir });
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/Seeded the demo data/);
    const again = await runScript('server/seed/run.ts', { DATA_DIR: dataDir });
    expect(again.code, again.output).toBe(1);
    expect(again.output).toMatch(/The database already has data/);
    expect(again.output).not.toMatch(/Seeded the demo data/);
    // It used to import the demo directory again before it refused.
    expect(again.output).not.toMatch(/Demo directory imported again/);
  }, 180_000);
});
