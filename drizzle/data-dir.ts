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
  // The lock file sits beside the folder, so its parent must be writable too.
  for (const [where, label] of [
    [dir, 'cannot be written'],
    [path.dirname(dir), 'cannot have its lock file written beside it'],
  ] as const) {
    try {
      accessSync(where, constants.W_OK);
    } catch (error) {
      throw unusable(dir, cannot(label, error));
    }
  }
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
