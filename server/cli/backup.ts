import { existsSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../env';
import { commandLine } from './args';
import { askServer, fail, openDatabase, runningServer } from './common';

// `npm run backup -- FILE [--force]`: a consistent copy of the embedded database (a gzipped tar of
// the data folder). Safe while the server runs: the server makes it. PostgreSQL: use pg_dump.
const { values, files } = commandLine(
  'Usage: npm run backup -- FILE [--force]   (for example backups/portal-2026-11-30.tar.gz)',
  {
    options: { force: { type: 'boolean' } },
    files: { min: 1, max: 1 },
    about: 'Copies the embedded database in DATA_DIR to FILE; --force replaces FILE if it exists.',
  },
);
const force = values.force === true;
const file = files[0] as string;
const env = loadEnv();
if (env.DATABASE_URL)
  fail(
    'DATABASE_URL is set: back up PostgreSQL with its own tools, for example\n' +
      '  pg_dump --format=custom --file=portal.dump "$DATABASE_URL"\n' +
      'and restore with pg_restore --clean --if-exists --dbname="$DATABASE_URL" portal.dump (README, "Backups").',
    2,
  );

// The destination is checked before the copy, which takes minutes on a large database.
const target = path.resolve(file);
const folder = path.dirname(target);
if (!existsSync(folder) || !statSync(folder).isDirectory()) fail(`The folder ${folder} does not exist.`, 2);
if (existsSync(target)) {
  if (statSync(target).isDirectory())
    fail(`${file} is a folder: give a file name, for example ${path.join(file, 'portal.tar.gz')}`, 2);
  if (!force) fail(`${file} exists: give --force to replace it.`, 2);
}
// Written beside the destination and renamed at the end: a failed backup never leaves a part-file
// under the final name. Probed now, so an unwritable folder is refused before the copy too.
const partial = `${target}.${process.pid}.partial`;
try {
  writeFileSync(partial, '', { mode: 0o600 });
} catch (error) {
  fail(`Cannot write ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`, 2);
}
// On every way out (fail() in the helpers exits at once); after the rename there is nothing to remove.
process.on('exit', () => rmSync(partial, { force: true }));

const started = Date.now();
let dump: Buffer;
try {
  const server = runningServer(env);
  if (server) {
    console.log(`The server (process ${server.pid}) holds the data: asking it for a consistent copy.`);
    dump = Buffer.from(await (await askServer(server, '/ops/backup')).arrayBuffer());
  } else {
    const handle = await openDatabase(env, 'npm run backup', { existing: true });
    try {
      await handle.pglite!.exec('CHECKPOINT');
      dump = Buffer.from(await (await handle.pglite!.dumpDataDir('gzip')).arrayBuffer());
    } finally {
      await handle.close();
    }
  }
  writeFileSync(partial, dump, { mode: 0o600 });
  renameSync(partial, target);
} catch (error) {
  fail(`Could not back up ${env.DATA_DIR} to ${file}: ${(error as Error).message.split('\n')[0]}`);
}
console.log(
  `Backed up ${env.DATA_DIR} to ${target} (${(dump.length / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
);
console.log(`Restore with: DATA_DIR=<an empty folder> npm run restore -- ${file}`);
