import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { count } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb } from '../../drizzle/client';
import { lockFileFor } from '../../drizzle/data-dir-lock';
import { children, commissions, ledgerEntries } from '../../drizzle/schema';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';
import { type Deployment, newDeployment, reconciles, signIn, start } from './harness';

// ISSUE 8, points 2 and 12: one process per PGlite folder; commands that need the data while the
// server runs go through it; backup and restore. (PGlite only: PostgreSQL has no data folder.)

let deployment: Deployment;
let scratch: string;
beforeAll(async () => {
  deployment = await newDeployment();
  scratch = mkdtempSync(path.join(os.tmpdir(), 'portal-backup-'));
}, 120_000);
afterAll(async () => {
  await deployment.cleanup();
  rmSync(scratch, { recursive: true, force: true });
});

const tally = async (dataDir: string) => {
  const db = await createDb({ dataDir });
  try {
    const n = async (table: typeof children | typeof commissions | typeof ledgerEntries) =>
      (await db.db.select({ n: count() }).from(table))[0]!.n;
    return { children: await n(children), commissions: await n(commissions), ledger: await n(ledgerEntries) };
  } finally {
    await db.close();
  }
};

describe.runIf(TEST_DB === 'pglite')('one process per PGlite data folder', () => {
  it('a second server on the same folder exits non-zero at once, naming the holder; commands go through the server', async () => {
    const server = await start(deployment);
    try {
      const dataDir = deployment.env.DATA_DIR!;
      const second = await runScript('server/main.ts', { ...deployment.env, PORT: '0', HOUSEKEEPING: 'off' });
      console.log(`lock: second opener exited ${second.code} after ${second.ms} ms`);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`in use by process ${server.child.pid}`);
      // It says what to do: stop the holder, or go through the running server's admin paths.
      const { port } = JSON.parse(readFileSync(lockFileFor(dataDir), 'utf8'));
      expect(second.output).toMatch(/stop that process first/);
      expect(second.output).toContain(`kill ${server.child.pid}`);
      expect(second.output).toMatch(/npm run reconcile.*npm run backup -- FILE.* go through its admin paths/);
      expect(second.output).toContain(`it listens on port ${port}`);

      // reconcile, migrate and a direct open are refused or routed, never given a stale copy.
      const reconciled = await runScript('server/cli/reconcile.ts', deployment.env);
      expect(reconciled.output).toContain(`The server (process ${server.child.pid}) holds the data`);
      expect(reconciled.output).toMatch(/No differences/);
      expect(reconciled.code).toBe(0);
      const migrate = await runScript('server/cli/migrate.ts', deployment.env);
      expect(migrate.code).toBe(1);
      expect(migrate.output).toContain(`in use by process ${server.child.pid}`);
      await expect(createDb({ dataDir })).rejects.toThrow(/in use by process/);

      // A new zone while it runs: the server creates it; bad input is refused the same way.
      const zoneArgs = ['--slug', 'wigan', '--name', 'Wigan', '--admin-email', 'it@wigan.example'];
      const zone = await runScript('server/cli/zone-create.ts', deployment.env, {
        args: zoneArgs,
        stdin: 'a long enough passphrase',
      });
      expect(zone.output).toMatch(/Created zone "wigan"/);
      expect(zone.code).toBe(0);
      await signIn(
        `http://127.0.0.1:${JSON.parse(readFileSync(lockFileFor(dataDir), 'utf8')).port}`,
        'it@wigan.example',
        'a long enough passphrase',
      );
      const twice = await runScript('server/cli/zone-create.ts', deployment.env, {
        args: zoneArgs,
        stdin: 'a long enough passphrase',
      });
      expect(twice.output).toMatch(/Nothing was created: .*already exists/);
      expect(twice.code).toBe(1);

      // Backup while it runs: the server makes a consistent copy.
      const file = path.join(scratch, 'live.tar.gz');
      const backup = await runScript('server/cli/backup.ts', deployment.env, { args: [file] });
      expect(backup.output).toMatch(/asking it for a consistent copy/);
      expect(backup.code).toBe(0);
      expect(existsSync(file)).toBe(true);
    } finally {
      await server.stop();
    }
    expect(existsSync(lockFileFor(deployment.env.DATA_DIR!))).toBe(false);
  }, 180_000);

  it('a holder killed with -9 leaves a lock that the next start recovers', async () => {
    const server = await start(deployment);
    server.child.kill('SIGKILL');
    await server.exited;
    const lock = JSON.parse(readFileSync(lockFileFor(deployment.env.DATA_DIR!), 'utf8'));
    expect(lock.pid).toBe(server.child.pid);
    const again = await start(deployment);
    expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    await again.stop();
    expect(await again.exited).toBe(0);
  }, 180_000);

  it('backup, restore into a new folder: counts match and the ledger reconciles', async () => {
    const file = path.join(scratch, 'stopped.tar.gz');
    const backup = await runScript('server/cli/backup.ts', deployment.env, { args: [file] });
    expect(backup.code).toBe(0);
    const target = path.join(scratch, 'restored');
    const restore = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [file] });
    expect(restore.output).toMatch(/Reconciled: no differences/);
    expect(restore.code).toBe(0);
    expect(await tally(target)).toEqual(await tally(deployment.env.DATA_DIR!));
    const db = await createDb({ dataDir: target });
    expect(await reconciles(db)).toBe(0);
    await db.close();

    // Never over a folder that has data, unless asked; then the old one is kept aside.
    const again = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [file] });
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/already holds a database/);
    const forced = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [file, '--force'] });
    expect(forced.code).toBe(0);
    expect(forced.output).toMatch(/Moved the existing folder aside/);
    // A file that is not a backup is a clear error.
    const junk = path.join(scratch, 'junk.tar.gz');
    await import('node:fs').then((fs) => fs.writeFileSync(junk, 'not a backup'));
    const bad = await runScript('server/cli/restore.ts', { DATA_DIR: path.join(scratch, 'junk') }, { args: [junk] });
    expect(bad.code).not.toBe(0);
    expect(bad.output).toMatch(/Could not restore/);
  }, 180_000);

  it('a restore that fails, even with --force, leaves the data folder exactly as it was', async () => {
    const fs = await import('node:fs');
    const { execFileSync } = await import('node:child_process');
    const good = path.join(scratch, 'stopped.tar.gz');
    const target = path.join(scratch, 'kept');
    expect((await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [good] })).code).toBe(0);
    const before = { entries: fs.readdirSync(target).sort(), counts: await tally(target) };
    // A truncated backup, and a gzipped tar that is not a portal backup at all.
    const truncated = path.join(scratch, 'truncated.tar.gz');
    fs.writeFileSync(truncated, fs.readFileSync(good).subarray(0, Math.floor(fs.statSync(good).size / 2)));
    const foreignDir = path.join(scratch, 'foreign-src');
    fs.mkdirSync(foreignDir);
    fs.writeFileSync(path.join(foreignDir, 'package.json'), '{}');
    const foreign = path.join(scratch, 'foreign.tar.gz');
    execFileSync('tar', ['czf', foreign, '-C', foreignDir, 'package.json']);
    for (const bad of [truncated, foreign]) {
      const run = await runScript('server/cli/restore.ts', { DATA_DIR: target }, { args: [bad, '--force'] });
      expect(run.code, run.output).toBe(1);
      expect(run.output.trim().split('\n'), run.output).toHaveLength(1);
      expect(run.output).toMatch(/Could not restore .* is unchanged\./);
      expect(fs.readdirSync(target).sort()).toEqual(before.entries);
      // Nothing moved aside, nothing half-unpacked left beside it.
      expect(fs.readdirSync(scratch).filter((f) => /^kept\.(before|restoring)/.test(f))).toEqual([]);
    }
    expect(await tally(target)).toEqual(before.counts);
    // A foreign archive into an empty folder leaves it empty, so a second restore is not refused.
    const empty = path.join(scratch, 'empty-target');
    fs.mkdirSync(empty);
    const foreignRun = await runScript('server/cli/restore.ts', { DATA_DIR: empty }, { args: [foreign] });
    expect(foreignRun.code).toBe(1);
    expect(fs.existsSync(empty) ? fs.readdirSync(empty) : []).toEqual([]);
  }, 180_000);
});

describe.runIf(TEST_DB === 'pglite')('backup to a place it cannot or should not write', () => {
  it('a missing folder, a folder, an existing file: one line before any copy, exit 2; --force replaces', async () => {
    const fs = await import('node:fs');
    const backup = (...args: string[]) => runScript('server/cli/backup.ts', deployment.env, { args });
    const existing = path.join(scratch, 'existing.tar.gz');
    fs.writeFileSync(existing, 'an older backup');
    const cases = [
      [[path.join(scratch, 'no-such-folder', 'x.tar.gz')], /^The folder .*no-such-folder does not exist\.$/],
      [[scratch], /is a folder: give a file name/],
      [[existing], /existing\.tar\.gz exists: give --force to replace it\.$/],
      [[existing, '--bogus'], /^Unknown option --bogus/],
    ] as const;
    for (const [args, message] of cases) {
      const run = await backup(...args);
      expect(run.code, run.output).toBe(2);
      expect(run.output.trim().split('\n'), run.output).toHaveLength(1);
      expect(run.output.trim()).toMatch(message);
    }
    expect(fs.readFileSync(existing, 'utf8')).toBe('an older backup');
    const forced = await backup(existing, '--force');
    expect(forced.code, forced.output).toBe(0);
    expect(fs.statSync(existing).size).toBeGreaterThan(1000);
    // Written beside it and renamed: no part-file is left behind.
    expect(fs.readdirSync(scratch).filter((f) => f.includes('.partial'))).toEqual([]);
  }, 120_000);
});

describe.runIf(TEST_DB === 'pglite')('a DATA_DIR that cannot hold the database', () => {
  it('a file, a folder of other files, a path under a file: one line saying which, exit 1, nothing written', async () => {
    const fs = await import('node:fs');
    const file = path.join(scratch, 'a-file');
    fs.writeFileSync(file, 'not a folder');
    const someoneElses = path.join(scratch, 'documents');
    fs.mkdirSync(someoneElses);
    fs.writeFileSync(path.join(someoneElses, 'notes.txt'), 'mine');
    const cases = [
      [file, /DATA_DIR .*a-file is a file, not a folder\. Set DATA_DIR to a folder/],
      [someoneElses, /DATA_DIR .*documents holds other files \(notes\.txt\) and no portal database/],
      [path.join(file, 'db'), /DATA_DIR .*a-file\/db cannot be created \(a file stands where a folder is needed\)/],
    ] as const;
    for (const [dataDir, message] of cases) {
      for (const script of ['server/main.ts', 'server/cli/migrate.ts']) {
        const run = await runScript(script, { DATA_DIR: dataDir, PORT: '0', HOUSEKEEPING: 'off' });
        expect(run.code, `${script} on ${dataDir}`).toBe(1);
        expect(run.output).toMatch(message);
        // One line: no stack trace, no PGlite source.
        expect(run.output.trim().split('\n'), run.output).toHaveLength(1);
      }
    }
    expect(fs.readdirSync(someoneElses)).toEqual(['notes.txt']);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
  }, 120_000);
});

// restore takes its lock beside DATA_DIR before anything else: a place it cannot write was an
// EACCES (or ENOTDIR) stack from the lock file. /sys refuses even root, whom accessSync lets by.
describe.runIf(TEST_DB === 'pglite')('restore into a DATA_DIR it cannot write', () => {
  it('says which folder and why in one line, exit 1, as the other commands do', async () => {
    const fs = await import('node:fs');
    const file = path.join(scratch, 'restore-under-a-file');
    fs.writeFileSync(file, 'not a folder');
    const backup = path.join(scratch, 'any.tar.gz');
    fs.writeFileSync(backup, 'never read');
    const cases: [string, RegExp][] = [
      [
        path.join(file, 'db'),
        /^DATA_DIR .*restore-under-a-file\/db cannot be created \(a file stands where a folder is needed\)\. Set DATA_DIR to a folder/,
      ],
    ];
    if (fs.existsSync('/sys/kernel'))
      cases.push([
        '/sys/portal-restore',
        /^DATA_DIR \/sys\/portal-restore cannot have its lock file written beside it \(permission denied\)\./,
      ]);
    for (const [dataDir, message] of cases) {
      const run = await runScript('server/cli/restore.ts', { DATA_DIR: dataDir }, { args: [backup] });
      expect(run.code, run.output).toBe(1);
      expect(run.output.trim()).toMatch(message);
      expect(run.output.trim().split('\n'), run.output).toHaveLength(1);
    }
    expect(fs.readFileSync(file, 'utf8')).toBe('not a folder');
  }, 120_000);
});
