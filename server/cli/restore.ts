import { existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { count, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { createDb } from '../../drizzle/client';
import { DataDirUnusableError, lockFileUnwritable, prepareDataDirParent } from '../../drizzle/data-dir';
import { acquireDataDirLock, DataDirLockedError, liveHolder } from '../../drizzle/data-dir-lock';
import { migrate } from '../../drizzle/migrate';
import { children, commissions, ledgerEntries, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { loadEnv } from '../env';
import { commandLine } from './args';
import { unpackBackup } from './backup-archive';
import { fail, progress } from './common';

// `npm run restore -- FILE [--force]`: loads a backup (npm run backup) into DATA_DIR, then
// reconciles it. The backup is unpacked and checked in a folder beside DATA_DIR first, and swapped
// in by rename only once it opened as a portal database, so a bad file leaves DATA_DIR as it was.
// Refuses while a server holds DATA_DIR, and refuses to replace a folder that has data unless
// --force, which keeps the old folder beside it rather than deleting it.
/** Smaller backups unpack in a moment: no progress lines. */
const PLAIN_PROGRESS_BYTES = 8 * 1024 * 1024;

const { values, files } = commandLine(
  'Usage: npm run restore -- FILE [--force]   (DATA_DIR names the folder to restore into)',
  {
    options: { force: { type: 'boolean' } },
    files: { min: 1, max: 1 },
    about: 'Loads a backup made by npm run backup; --force sets aside a folder that holds a database already.',
  },
);
const force = values.force === true;
const file = files[0] as string;
const env = loadEnv();
if (env.DATABASE_URL) fail('DATABASE_URL is set: restore PostgreSQL with pg_restore (README, "Backups").', 2);
if (!existsSync(file)) fail(`No such backup file: ${file}`, 2);
const dataDir = path.resolve(env.DATA_DIR);
try {
  prepareDataDirParent(dataDir);
} catch (error) {
  if (error instanceof DataDirUnusableError) fail(error.message);
  throw error;
}
const holder = liveHolder(dataDir);
if (holder)
  fail(
    `The data folder ${env.DATA_DIR} is in use by process ${holder.pid} (${holder.command}). Stop it before restoring, or restore into another folder with DATA_DIR=...`,
  );
const hasData = existsSync(dataDir) && (!statSync(dataDir).isDirectory() || readdirSync(dataDir).length > 0);
if (hasData && !force)
  fail(`${env.DATA_DIR} already holds a database. Restore into an empty folder, or add --force to set it aside.`, 2);

// Held until the swap is done, so no server starts on DATA_DIR halfway through.
try {
  acquireDataDirLock(dataDir, 'npm run restore');
} catch (error) {
  if (error instanceof DataDirLockedError) fail(error.message);
  const unwritable = lockFileUnwritable(dataDir, error);
  if (unwritable) fail(unwritable.message);
  throw error;
}

const started = Date.now();
const stamp = new Date().toISOString().replace(/[:.]/g, '-');
const staging = `${dataDir}.restoring-${stamp}`;
const unchanged = hasData ? `${env.DATA_DIR} is unchanged.` : `Nothing was written to ${env.DATA_DIR}.`;
let summary: { counts: string; differences: number };
try {
  mkdirSync(path.dirname(dataDir), { recursive: true });
  summary = await unpackAndCheck(staging);
} catch (error) {
  rmSync(staging, { recursive: true, force: true });
  fail(`Could not restore ${file}: ${reasonOf(error)}. Is it a backup made by npm run backup? ${unchanged}`);
}

// The swap: the old folder is renamed aside (never deleted) and put back if the new one cannot go in.
let aside: string | undefined;
try {
  if (hasData) {
    aside = `${dataDir}.before-restore-${stamp}`;
    renameSync(dataDir, aside);
  } else if (existsSync(dataDir)) rmdirSync(dataDir);
  renameSync(staging, dataDir);
} catch (error) {
  if (aside && !existsSync(dataDir)) renameSync(aside, dataDir);
  fail(
    `Could not put the restored database in place (${(error as Error).message}). ${unchanged} The restored copy is in ${staging}.`,
  );
}
if (aside) console.log(`Moved the existing folder aside to ${aside}`);
console.log(
  `Restored ${file} into ${env.DATA_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.counts}.`,
);
if (summary.differences > 0) {
  console.error(`Reconciliation found ${summary.differences} difference(s): the backup is not consistent.`);
  process.exitCode = 1;
} else console.log('Reconciled: no differences.');

/** Unpacks the backup into `folder`, checks it is the portal's, migrates and reconciles it. */
async function unpackAndCheck(folder: string) {
  const size = statSync(file as string).size;
  const mb = (bytes: number) => (bytes / 1e6).toFixed(1);
  // It counts tenths unpacked: under cron or into a log, a plain line at each, so a long restore shows
  // it is moving. None for small files, which are done at once (and a refusal stays one line).
  const meter = progress<{ read: number }>({
    format: 'Unpacking [{bar}] {percentage}%',
    step: size >= PLAIN_PROGRESS_BYTES ? 1 : Number.POSITIVE_INFINITY,
    line: (tenths, { read }) => `Unpacking: ${tenths * 10}% (${mb(read)} of ${mb(size)} MB)`,
  });
  meter.start(size, { read: 0 });
  try {
    await unpackBackup(file as string, folder, (read) =>
      meter.update({ read }, { count: Math.floor((10 * read) / size), value: read }),
    );
  } finally {
    meter.stop();
  }
  const handle = await createDb({ dataDir: folder, command: 'npm run restore' });
  try {
    // A PostgreSQL folder of some other application opens fine: the portal's tables tell them apart.
    const found = await handle.db.execute(sql`select to_regclass('public.users') is not null as ours`);
    const rows = (Array.isArray(found) ? found : (found as { rows: unknown[] }).rows) as { ours: boolean }[];
    if (!rows[0]?.ours) throw new Error('it holds a database, but not the portal’s (no users table)');
    await migrate(handle);
    const result = await reconcile(handle.db);
    const tally = async (table: PgTable) => (await handle.db.select({ n: count() }).from(table))[0]?.n ?? 0;
    return {
      counts:
        `${await tally(users)} users, ${await tally(children)} children, ` +
        `${await tally(commissions)} commissions, ${await tally(ledgerEntries)} ledger entries`,
      differences: result.differences.length,
    };
  } finally {
    await handle.close();
  }
}

/**
 * The database's own reason in one line. Drizzle's message is "Failed query: " and the SQL, with the
 * reason (such as "invalid page in block 0 of relation base/5/16688") in its cause, so the innermost
 * cause with a message wins. PGlite can throw what is not an Error (its runtime's exit status).
 */
function reasonOf(error: unknown): string {
  let reason = '';
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    const first = e.message
      .split('\n')
      .map((line) => line.trim())
      .find((line) => line && !/^Failed query:?$/.test(line));
    if (first) reason = first;
  }
  return reason.replace(/\.$/, '') || 'it could not be opened as a database';
}
