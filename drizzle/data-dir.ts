import { accessSync, constants, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// PGlite's data folder is checked before anything opens it, so a mistyped DATA_DIR is one line
// saying what is wrong and what to do, not a stack trace from mkdir or PGlite's own start-up.

export class DataDirUnusableError extends Error {}

const unusable = (dir: string, why: string) =>
  new DataDirUnusableError(
    `DATA_DIR ${dir} ${why}. Set DATA_DIR to a folder this user can write (it is created if missing).`,
  );

/** For a command that reads the portal's database where there is none. */
export const noDatabase = (dir: string) =>
  new DataDirUnusableError(
    `No portal database in ${dir}: start the portal once (npm start) or run npm run db:migrate, or set DATA_DIR to the folder that holds it.`,
  );

/**
 * Creates the folder if missing; throws DataDirUnusableError if it cannot hold the portal's database.
 * With `existing`, for commands that read a database rather than make one, a folder without a
 * database is refused instead, and nothing is created: a mistyped DATA_DIR is not a new empty one.
 */
export function prepareDataDir(dataDir: string, options: { existing?: boolean } = {}): void {
  const dir = path.resolve(dataDir);
  if (existsSync(dir)) {
    if (!statSync(dir).isDirectory()) throw unusable(dir, 'is a file, not a folder');
    // PostgreSQL writes PG_VERSION first: a folder with other files and no PG_VERSION is someone else's.
    const entries = readdirSync(dir);
    if (entries.length > 0 && !entries.includes('PG_VERSION'))
      throw unusable(dir, `holds other files (${entries.slice(0, 3).join(', ')}) and no portal database`);
    if (options.existing && entries.length === 0) throw noDatabase(dir);
  } else if (options.existing) {
    throw noDatabase(dir);
  } else {
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw unusable(dir, cannot('cannot be created', error));
    }
  }
  writable(dir, dir, 'cannot be written');
  writable(dir, path.dirname(dir), LOCK_BESIDE);
}

// The lock file sits beside the folder, so its parent must be writable too.
const LOCK_BESIDE = 'cannot have its lock file written beside it';

function writable(dir: string, where: string, label: string): void {
  try {
    accessSync(where, constants.W_OK);
  } catch (error) {
    throw unusable(dir, cannot(label, error));
  }
}

/**
 * For restore, which puts a whole folder in place rather than opening one: the folder's parent is
 * created if missing and must be writable, as the lock file, the unpacked copy and the swap are
 * made there. Throws DataDirUnusableError, as prepareDataDir does.
 */
export function prepareDataDirParent(dataDir: string): void {
  const dir = path.resolve(dataDir);
  try {
    mkdirSync(path.dirname(dir), { recursive: true });
  } catch (error) {
    throw unusable(dir, cannot('cannot be created', error));
  }
  writable(dir, path.dirname(dir), LOCK_BESIDE);
}

/**
 * The lock file could not be written beside the folder (root passes accessSync where the disk still
 * refuses, as /sys does): the same one line, or null for an error that is not about writing there.
 */
export function lockFileUnwritable(dataDir: string, error: unknown): DataDirUnusableError | null {
  const code = (error as NodeJS.ErrnoException).code ?? '';
  return ['EACCES', 'EPERM', 'EROFS', 'ENOENT', 'ENOTDIR'].includes(code)
    ? unusable(path.resolve(dataDir), cannot(LOCK_BESIDE, error))
    : null;
}

function cannot(label: string, error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOTDIR' || code === 'EEXIST'
      ? 'a file stands where a folder is needed'
      : code === 'EACCES' || code === 'EPERM'
        ? 'permission denied'
        : code === 'EROFS'
          ? 'the disk is read-only'
          : (code ?? 'unknown error');
  return `${label} (${reason})`;
}
