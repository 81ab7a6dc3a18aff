import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadEnv } from '../env';
import { askServer, fail, openDatabase, runningServer } from './common';

// `npm run backup -- FILE`: a consistent copy of the embedded database (a gzipped tar of the
// data folder). Safe while the server runs: the server makes it. PostgreSQL: use pg_dump.
const env = loadEnv();
const file = process.argv[2];
if (!file || file.startsWith('-'))
  fail('Usage: npm run backup -- FILE   (for example backups/portal-2026-11-30.tar.gz)', 2);
if (env.DATABASE_URL)
  fail(
    'DATABASE_URL is set: back up PostgreSQL with its own tools, for example\n' +
      '  pg_dump --format=custom --file=portal.dump "$DATABASE_URL"\n' +
      'and restore with pg_restore --clean --if-exists --dbname="$DATABASE_URL" portal.dump (README, "Backups").',
    2,
  );

const started = Date.now();
let dump: Buffer;
const server = runningServer(env);
if (server) {
  console.log(`The server (process ${server.pid}) holds the data: asking it for a consistent copy.`);
  dump = Buffer.from(await (await askServer(server, '/ops/backup')).arrayBuffer());
} else {
  const handle = await openDatabase(env, 'npm run backup');
  try {
    await handle.pglite!.exec('CHECKPOINT');
    dump = Buffer.from(await (await handle.pglite!.dumpDataDir('gzip')).arrayBuffer());
  } finally {
    await handle.close();
  }
}
writeFileSync(file, dump, { mode: 0o600 });
console.log(
  `Backed up ${env.DATA_DIR} to ${path.resolve(file)} (${(dump.length / 1e6).toFixed(1)} MB in ${((Date.now() - started) / 1000).toFixed(1)} s).`,
);
console.log(`Restore with: DATA_DIR=<an empty folder> npm run restore -- ${file}`);
