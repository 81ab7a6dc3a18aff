import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  acquireDataDirLock,
  borrowedDataDirLock,
  DataDirLockedError,
  helperOf,
  lockFileFor,
} from '../../drizzle/data-dir-lock';
import { runScript } from '../setup/processes';

// ISSUE 11, point 5: on PGlite the server migrates and seeds in a short-lived child it lends the
// data folder to. The folder must stay held while either process lives (one writer at a time), and
// the child must refuse a folder that was not lent to it.

const root = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'portal-lock-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the data folder lent to a start-up helper', () => {
  it('stays held while the helper lives after its lender is killed with -9, and is free once both are gone', async () => {
    const dataDir = path.join(scratch, 'lent');
    const lender = spawn(process.execPath, ['--import', 'tsx', 'tests/ops/fixtures/lend-lock.ts', dataDir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    lender.stdout!.on('data', (c: Buffer) => (out += c.toString()));
    await expect.poll(() => /helper (\d+)/.exec(out)?.[1], { timeout: 30_000 }).toBeDefined();
    const helperPid = Number(/helper (\d+)/.exec(out)![1]);
    const exited = new Promise((resolve) => lender.once('exit', resolve));
    lender.kill('SIGKILL');
    await exited; // reaped: no longer a process
    try {
      // The lender is dead; its helper still has the folder: a second opener is refused.
      expect(() => acquireDataDirLock(dataDir, 'second opener')).toThrow(DataDirLockedError);
      expect(JSON.parse(readFileSync(lockFileFor(dataDir), 'utf8')).helper.pid).toBe(helperPid);
    } finally {
      process.kill(helperPid, 'SIGKILL');
    }
    // Both gone (the helper killed, perhaps not yet reaped: a zombie holds nothing): free.
    await expect
      .poll(() => {
        try {
          acquireDataDirLock(dataDir, 'after both').release();
          return 'acquired';
        } catch (error) {
          return (error as Error).message;
        }
      })
      .toBe('acquired');
  }, 60_000);

  it('is borrowed only by the recorded helper with the lender nonce', () => {
    const dataDir = path.join(scratch, 'borrow');
    const lock = acquireDataDirLock(dataDir, 'lender');
    try {
      expect(borrowedDataDirLock(dataDir, lock.holder.nonce)).toBeNull(); // not lent yet
      lock.update({ helper: helperOf(process.pid) });
      expect(borrowedDataDirLock(dataDir, 'another nonce')).toBeNull();
      expect(borrowedDataDirLock(dataDir, lock.holder.nonce)?.holder.nonce).toBe(lock.holder.nonce);
      lock.update({ helper: undefined });
      expect(borrowedDataDirLock(dataDir, lock.holder.nonce)).toBeNull();
    } finally {
      lock.release();
    }
  });

  it('the start-up child refuses a folder not lent to it and never opens it', async () => {
    const dataDir = path.join(scratch, 'refused');
    const free = await runScript('server/prepare-child.ts', { DATA_DIR: dataDir }, { args: ['--seed=none'] });
    expect(free.code).toBe(2);
    const lock = acquireDataDirLock(dataDir, 'lender');
    try {
      // Held by someone else, with its nonce but without lending it to this child.
      const held = await runScript(
        'server/prepare-child.ts',
        { DATA_DIR: dataDir, PORTAL_LENT_LOCK: lock.holder.nonce },
        { args: ['--seed=none'] },
      );
      expect(held.code).toBe(2);
      expect(held.output).toContain('was not lent to this process');
    } finally {
      lock.release();
    }
    expect(existsSync(path.join(dataDir, 'PG_VERSION'))).toBe(false);
  }, 60_000);
});
