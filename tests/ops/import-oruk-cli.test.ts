import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock } from '../../drizzle/data-dir-lock';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { generateFeed } from '../oruk/generate-feed';
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
    // A portal's folder (PostgreSQL writes PG_VERSION first), held by another process.
    mkdirSync(dataDir);
    writeFileSync(path.join(dataDir, 'PG_VERSION'), '17\n');
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

// A mistyped DATA_DIR, or a file that is not there, is refused before anything is made (audit 57:
// it made and migrated a 43 MB database in the new folder, then said the slug was unknown).
describe.runIf(TEST_DB === 'pglite')('import:oruk pointed at the wrong place', () => {
  it('a folder with no portal database, or a missing file: one line, exit 1, no folder made', async () => {
    const feed = path.join(scratch, 'empty-feed.json');
    writeFileSync(feed, '[]');
    const typo = path.join(scratch, 'typo');
    const noPortal = await runScript(
      'server/cli/import-oruk.ts',
      { DATA_DIR: typo },
      { args: ['--zone', 'demo', feed] },
    );
    expect(noPortal.code, noPortal.output).toBe(1);
    expect(noPortal.output.trim()).toBe(
      `No portal database in ${typo}: start the portal once (npm start) or run npm run db:migrate, or set DATA_DIR to the folder that holds it.`,
    );
    const missing = path.join(scratch, 'no-such-feed.json');
    const noFile = await runScript(
      'server/cli/import-oruk.ts',
      { DATA_DIR: typo },
      { args: ['--zone', 'demo', missing] },
    );
    expect(noFile.code, noFile.output).toBe(1);
    expect(noFile.output.trim()).toBe(`Cannot read ${missing}: there is no such file or folder`);
    const noZone = await runScript('server/cli/import-oruk.ts', { DATA_DIR: typo }, { args: [feed] });
    expect(noZone.code, noZone.output).toBe(2);
    expect(noZone.output.trim()).toMatch(/^Missing --zone SLUG: the partnership to import into\. Usage: /);
    expect(existsSync(typo)).toBe(false);
  }, 60_000);
});

// A file says no total: on a terminal the bar shows how many were read, not "3/3" as if it knew.
describe.runIf(TEST_DB === 'pglite' && existsSync('/usr/bin/script'))('import:oruk of a file on a terminal', () => {
  it('shows a count without a total', async () => {
    const dataDir = path.join(scratch, 'seeded');
    expect((await runScript('server/seed/run.ts', { DATA_DIR: dataDir })).code).toBe(0);
    const feed = path.join(scratch, 'three.json');
    const records = generateFeed(3, { brokenEvery: 1_000_000, prefix: 'bar' }).services.map(
      (r: Record<string, unknown>, i: number) => ({
        ...r,
        name: `Bar club ${i}`,
        status: 'active',
        attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
      }),
    );
    writeFileSync(feed, JSON.stringify(records));
    const command = [process.execPath, '--import', 'tsx', 'server/cli/import-oruk.ts', '--zone', 'demo', feed]
      .map((a) => JSON.stringify(a))
      .join(' ');
    const terminal = spawnSync('script', ['-qec', command, '/dev/null'], {
      cwd: path.resolve(import.meta.dirname, '..', '..'),
      env: { ...process.env, DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 90_000,
    });
    expect(terminal.status, terminal.stdout).toBe(0);
    expect(terminal.stdout).toMatch(/Importing 3 services \| 3 new/);
    expect(terminal.stdout).not.toMatch(/\d+\/\d+ services/);
    // Every frame, the first too, counts what its payload counts (audit 61: "0 services | 3 new").
    const frames = [...terminal.stdout.matchAll(/Importing (\d+) services \| (\d+) new/g)];
    expect(frames.length).toBeGreaterThan(0);
    for (const [frame, read, fresh] of frames) expect(Number(read), frame).toBeGreaterThanOrEqual(Number(fresh));
  }, 180_000);
});
