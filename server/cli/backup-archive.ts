import { createReadStream, createWriteStream, existsSync, mkdirSync, statfsSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { extract } from 'tar-stream';

/** Why a file is not a backup that can be unpacked, in words for the person restoring it. */
export class BackupArchiveError extends Error {}

// PostgreSQL splits every table into files of at most 1 GB (its segment size), so a bigger entry is
// no data folder's: refused from its header, before a byte of it is inflated.
const LARGEST_FILE = 1024 ** 3;
// Room kept free beyond the unpacked files: opening the database writes WAL and migrations may too.
const HEADROOM = 256 * 1024 ** 2;

const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(1)} GB`;
const KINDS: Record<string, string> = { symlink: 'symbolic link', link: 'hard link', fifo: 'named pipe' };

/**
 * Unpacks a backup (a gzipped tar of a PGlite data folder, as `npm run backup` writes) into `folder`,
 * streaming: memory stays flat whatever the archive inflates to. Refuses, with a BackupArchiveError,
 * what is not gzip or not tar, an entry outside the folder or of a kind a data folder never holds
 * (links, devices), a file larger than PostgreSQL ever writes, more than the disk has room for, and
 * an archive with no PG_VERSION. `onRead` hears how many bytes of the file have been read.
 */
export async function unpackBackup(file: string, folder: string, onRead?: (bytes: number) => void) {
  const root = path.resolve(folder);
  mkdirSync(root, { recursive: true });
  const room = roomIn(root);
  const source = createReadStream(file);
  let read = 0;
  source.on('data', (chunk) => {
    read += chunk.length;
    onRead?.(read);
  });
  const entries = extract();
  const feeding = pipeline(source, createGunzip(), entries);
  // Its failure (not gzip, cut short) may come while an entry is being written: heard below, not lost.
  const fed = feeding.then(
    () => undefined,
    (error: unknown) => error,
  );
  let unpacked = 0;
  let hasVersion = false;
  try {
    for await (const entry of entries) {
      const { name, type, size } = entry.header;
      const relative = path.posix.normalize(name.replace(/^\/+/, ''));
      if (relative === '.' || relative === './') {
        entry.resume();
        continue;
      }
      const target = path.resolve(root, relative);
      if (!target.startsWith(root + path.sep))
        throw new BackupArchiveError(`it names a file outside its own folder (${name})`);
      if (type === 'directory') {
        mkdirSync(target, { recursive: true });
        entry.resume();
        continue;
      }
      if (type !== 'file' && type !== 'contiguous-file')
        throw new BackupArchiveError(
          `it holds a ${KINDS[type] ?? 'device'} (${name}), which a database folder never does`,
        );
      if (size > LARGEST_FILE)
        throw new BackupArchiveError(
          `it holds a file of ${gb(size)} (${name}); a database folder's files are at most ${gb(LARGEST_FILE)}`,
        );
      unpacked += size;
      if (unpacked > room)
        throw new BackupArchiveError(`it unpacks to more than the ${gb(room)} free beside the data folder`);
      mkdirSync(path.dirname(target), { recursive: true });
      await pipeline(entry, createWriteStream(target, { mode: 0o600 }));
      if (relative === 'PG_VERSION') hasVersion = true;
    }
    await feeding;
  } catch (error) {
    // The loop's early exit closes the tar stream and the pipeline rejects with a premature close;
    // a pipeline that failed first (zlib's error) is the better reason.
    source.destroy();
    if (error instanceof BackupArchiveError) throw error;
    throw plainly((await fed) ?? error);
  }
  if (!hasVersion || !existsSync(path.join(root, 'PG_VERSION')))
    throw new BackupArchiveError('it holds no database folder (no PG_VERSION file)');
  return { unpacked, read };
}

function roomIn(folder: string): number {
  const { bavail, bsize } = statfsSync(folder);
  return Math.max(0, bavail * bsize - HEADROOM);
}

/** The errors zlib and tar give, as the reason a person can act on. */
function plainly(error: unknown): Error {
  if (error instanceof BackupArchiveError) return error;
  const { code, message = '' } = (error ?? {}) as NodeJS.ErrnoException;
  if (code === 'Z_DATA_ERROR') return new BackupArchiveError('it is not a gzip file');
  if (code === 'Z_BUF_ERROR' || /unexpected end/i.test(message))
    return new BackupArchiveError('it ends early (a partial or truncated copy)');
  if (/invalid tar header/i.test(message)) return new BackupArchiveError('it is a gzip file but not a tar archive');
  if (code === 'ENOSPC') return new BackupArchiveError('the disk filled up while unpacking it');
  return error instanceof Error ? error : new BackupArchiveError('it could not be unpacked');
}
