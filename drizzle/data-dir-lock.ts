import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

// PGlite's data folder must have one process at a time: two PostgreSQL instances writing one
// folder lose committed data. The lock is a file created atomically (link(2) fails if it exists)
// holding who has it; a holder that died (kill -9) is detected by its pid and start time.

/** Beside the folder, not in it: a backup of the folder must not carry its lock. */
export const lockFileFor = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

export type LockHolder = {
  pid: number;
  /** The kernel's start time of the holder (Linux), so a reused pid is not mistaken for it. */
  processStart: string | null;
  host: string;
  command: string;
  startedAt: string;
  nonce: string;
  /** Set by a server once it listens: CLI commands ask it instead of opening the folder. */
  port?: number;
  controlToken?: string;
  /**
   * A short-lived child the holder lent the folder to (the server migrates and seeds in one, so
   * start-up's memory is given back when it exits). The folder stays held while either is alive,
   * and only the child opens it until it exits.
   */
  helper?: { pid: number; processStart: string | null };
};

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockHolder,
  ) {
    // Says who holds it and what to do instead: stop it, or (a running server) go through it.
    super(
      `The data folder ${dataDir} is in use by process ${holder.pid} (${holder.command}, started ${holder.startedAt}` +
        `${holder.host === os.hostname() ? '' : ` on ${holder.host}`}). Only one process may open it at a time. ` +
        `To start a server or run a command on it yourself, stop that process first (Ctrl-C where it runs, or ` +
        `\`kill ${holder.pid}\`: it finishes its requests and releases the folder). ` +
        (holder.port
          ? `While it runs, \`npm run reconcile\`, \`npm run backup -- FILE\` and \`npm run zone:create\` go ` +
            `through its admin paths (it listens on port ${holder.port}); migrate and restore need it stopped. `
          : 'It takes no commands yet (a command, or a server still starting): wait for it to finish, or stop it. ') +
        'For several server processes, use DATABASE_URL with a PostgreSQL server.',
    );
  }
}

function processStart(pid: number): string | null {
  try {
    // Field 22 of /proc/PID/stat; the command name (field 2) may hold spaces, so split after ")".
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** A zombie (killed, not yet reaped: a helper whose parent died) holds nothing. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
  } catch {
    return false;
  }
}

function processAlive(pid: number, started: string | null): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  if (isZombie(pid)) return false;
  const start = processStart(pid);
  return !(started && start && start !== started);
}

function isAlive(holder: LockHolder): boolean {
  // Another machine's process (a shared disk) cannot be checked: assume it is alive.
  if (holder.host !== os.hostname()) return true;
  return (
    processAlive(holder.pid, holder.processStart) ||
    (holder.helper !== undefined && processAlive(holder.helper.pid, holder.helper.processStart))
  );
}

/** The start time a helper is recorded with (for DataDirLock.update). */
export const helperOf = (pid: number) => ({ pid, processStart: processStart(pid) });

/**
 * In a helper child: the lock its parent lent it (the nonce it was given, its own pid recorded),
 * or null. Its release does nothing: the parent keeps the lock.
 */
export function borrowedDataDirLock(dataDir: string, nonce: string): DataDirLock | null {
  const holder = readHolder(lockFileFor(dataDir));
  if (!holder || holder.nonce !== nonce || holder.helper?.pid !== process.pid) return null;
  return { holder, update: () => {}, release: () => {} };
}

function readHolder(lockPath: string): LockHolder | null {
  try {
    return JSON.parse(readFileSync(lockPath, 'utf8')) as LockHolder;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** The process holding dataDir, if one is alive. */
export function liveHolder(dataDir: string): LockHolder | null {
  const holder = readHolder(lockFileFor(dataDir));
  return holder && isAlive(holder) ? holder : null;
}

function writeAtomically(file: string, holder: LockHolder, replace: boolean): void {
  const temp = `${file}.${process.pid}.${holder.nonce}.tmp`;
  writeFileSync(temp, JSON.stringify(holder), { mode: 0o600 });
  try {
    if (replace) renameSync(temp, file);
    else linkSync(temp, file);
  } finally {
    if (!replace) unlinkSync(temp);
  }
}

export type DataDirLock = {
  holder: LockHolder;
  /** Records details (a server's port and control token) for other commands to find. */
  update: (patch: Partial<Pick<LockHolder, 'port' | 'controlToken' | 'helper'>>) => void;
  release: () => void;
};

/** Takes the folder's lock or throws DataDirLockedError naming the live holder. */
export function acquireDataDirLock(dataDir: string, command: string): DataDirLock {
  const lockPath = lockFileFor(dataDir);
  let holder: LockHolder = {
    pid: process.pid,
    processStart: processStart(process.pid),
    host: os.hostname(),
    command,
    startedAt: new Date().toISOString(),
    nonce: randomBytes(8).toString('hex'),
  };
  for (let attempt = 0; ; attempt++) {
    try {
      writeAtomically(lockPath, holder, false);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 3) throw error;
    }
    const existing = readHolder(lockPath);
    if (existing && isAlive(existing)) throw new DataDirLockedError(dataDir, existing);
    // The holder died without releasing: remove its lock, unless another opener already replaced it.
    if (existing && readHolder(lockPath)?.nonce === existing.nonce) unlinkSync(lockPath);
  }
  const ours = () => readHolder(lockPath)?.nonce === holder.nonce;
  const release = () => {
    process.off('exit', release);
    try {
      if (ours()) unlinkSync(lockPath);
    } catch {
      // Already gone.
    }
  };
  process.on('exit', release);
  return {
    get holder() {
      return holder;
    },
    update: (patch) => {
      holder = { ...holder, ...patch };
      if (ours()) writeAtomically(lockPath, holder, true);
    },
    release,
  };
}
