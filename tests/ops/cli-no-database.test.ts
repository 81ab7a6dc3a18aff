import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../drizzle/client';
import { lockFileFor } from '../../drizzle/data-dir-lock';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// A mistyped DATA_DIR given to a command that reads the portal's data: it used to make an empty
// database there, then fail on a missing table (reconcile) or back the empty one up and succeed.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cli-no-database-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const readers = [
  ['server/cli/reconcile.ts', []],
  ['server/cli/housekeeping.ts', []],
  ['server/cli/backup.ts', ['backup.tar.gz']],
] as const;

const refused = (run: { code: number; output: string }, dataDir: string) => {
  expect(run.code, run.output).toBe(1);
  expect(run.output.trim(), run.output).toBe(
    `No portal database in ${dataDir}: start the portal once (npm start) or run npm run db:migrate, or set DATA_DIR to the folder that holds it.`,
  );
};

describe.runIf(TEST_DB === 'pglite')('commands that read the data, on a folder without it', () => {
  it('a missing folder: one line, exit 1, and no folder, lock or backup file left behind', async () => {
    for (const [script, args] of readers) {
      const dataDir = path.join(scratch, 'typo');
      const run = await runScript(script, { DATA_DIR: dataDir }, { args: args.map((a) => path.join(scratch, a)) });
      refused(run, dataDir);
      expect(existsSync(dataDir), script).toBe(false);
      expect(existsSync(lockFileFor(dataDir)), script).toBe(false);
      expect(readdirSync(scratch), script).toEqual([]);
    }
  }, 120_000);

  it('an empty folder, and a database never migrated: refused, and the folder is left as it was', async () => {
    const empty = path.join(scratch, 'empty');
    mkdirSync(empty);
    const unmigrated = path.join(scratch, 'unmigrated');
    await (await createDb({ dataDir: unmigrated })).close();
    const before = readdirSync(unmigrated).sort();
    for (const dataDir of [empty, unmigrated])
      for (const [script, args] of readers) {
        const run = await runScript(script, { DATA_DIR: dataDir }, { args: args.map((a) => path.join(scratch, a)) });
        refused(run, dataDir);
      }
    expect(readdirSync(empty)).toEqual([]);
    expect(readdirSync(unmigrated).sort()).toEqual(before);
    expect(existsSync(path.join(scratch, 'backup.tar.gz'))).toBe(false);
  }, 180_000);
});
