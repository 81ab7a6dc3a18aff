import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../drizzle/data-dir-lock';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run import:oruk` on a PGlite data folder another process holds (the server): it says who
// holds the folder and what to do, and nothing else (no stack trace), and exits 1.
const scratch = mkdtempSync(path.join(os.tmpdir(), 'import-oruk-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.runIf(TEST_DB === 'pglite')('import:oruk on a held data folder', () => {
  it('prints only the clear message and exits 1', async () => {
    const dataDir = path.join(scratch, 'held');
    const feed = path.join(scratch, 'feed.json');
    writeFileSync(feed, '[]');
    const lock = acquireDataDirLock(dataDir, 'the test holding the folder');
    try {
      const run = await runScript(
        'server/cli/import-oruk.ts',
        { DATA_DIR: dataDir },
        { args: ['--zone', 'demo', feed] },
      );
      expect(run.code).toBe(1);
      expect(run.output).toContain(`The data folder ${dataDir} is in use by process ${process.pid}`);
      // Nothing but that message: no stack frames, no error class, no source lines.
      expect(run.output).not.toMatch(/^\s+at /m);
      expect(run.output).not.toMatch(/DataDirLockedError|\.ts:\d+/);
      expect(run.output.trim().split('\n')).toHaveLength(1);
    } finally {
      lock.release();
    }
  }, 60_000);
});
