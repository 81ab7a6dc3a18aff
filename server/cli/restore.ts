import { existsSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { count } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { createDb } from '../../drizzle/client';
import { DataDirLockedError, liveHolder } from '../../drizzle/data-dir-lock';
import { migrate } from '../../drizzle/migrate';
import { children, commissions, ledgerEntries, users } from '../../drizzle/schema';
import { reconcile } from '../../schema/domain/reconcile';
import { loadEnv } from '../env';
import { fail } from './common';

// `npm run restore -- FILE [--force]`: loads a backup (npm run backup) into DATA_DIR, then
// reconciles it. Refuses while a server holds DATA_DIR, and refuses to overwrite a folder that has
// data unless --force, which keeps the old folder beside it rather than deleting it.
const env = loadEnv();
const args = process.argv.slice(2);
const force = args.includes('--force');
const file = args.find((a) => !a.startsWith('--'));
if (!file) fail('Usage: npm run restore -- FILE [--force]   (DATA_DIR names the folder to restore into)', 2);
if (env.DATABASE_URL) fail('DATABASE_URL is set: restore PostgreSQL with pg_restore (README, "Backups").', 2);
if (!existsSync(file)) fail(`No such backup file: ${file}`, 2);
const holder = liveHolder(env.DATA_DIR);
if (holder)
  fail(
    `The data folder ${env.DATA_DIR} is in use by process ${holder.pid} (${holder.command}). Stop it before restoring, or restore into another folder with DATA_DIR=...`,
  );
if (existsSync(env.DATA_DIR) && readdirSync(env.DATA_DIR).length > 0) {
  if (!force)
    fail(`${env.DATA_DIR} already holds a database. Restore into an empty folder, or add --force to set it aside.`, 2);
  const aside = `${env.DATA_DIR}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
  renameSync(env.DATA_DIR, aside);
  console.log(`Moved the existing folder aside to ${aside}`);
}

const started = Date.now();
let handle: Awaited<ReturnType<typeof createDb>>;
try {
  handle = await createDb({
    dataDir: env.DATA_DIR,
    loadDataDir: new Blob([readFileSync(file)]),
    command: 'npm run restore',
  });
} catch (error) {
  if (error instanceof DataDirLockedError) fail(error.message);
  fail(`Could not restore ${file}: ${(error as Error).message}. Is it a backup made by npm run backup?`);
}
try {
  await migrate(handle);
  const result = await reconcile(handle.db);
  const tally = async (table: PgTable) => (await handle.db.select({ n: count() }).from(table))[0]?.n ?? 0;
  console.log(
    `Restored ${file} into ${env.DATA_DIR} in ${((Date.now() - started) / 1000).toFixed(1)} s: ` +
      `${await tally(users)} users, ${await tally(children)} children, ${await tally(commissions)} commissions, ` +
      `${await tally(ledgerEntries)} ledger entries.`,
  );
  if (result.differences.length > 0) {
    console.error(`Reconciliation found ${result.differences.length} difference(s): the backup is not consistent.`);
    process.exitCode = 1;
  } else console.log('Reconciled: no differences.');
} finally {
  await handle.close();
}
