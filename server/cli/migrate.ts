import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { commandLine } from './args';
import { openDatabase } from './common';

// `npm run db:migrate`: applies the committed migrations (npm start does this too), under the same
// lock as a starting server, so running it beside a deployment's starts is safe.
commandLine('Usage: npm run db:migrate', {
  about: 'Applies the committed migrations to DATABASE_URL, or to the embedded database in DATA_DIR (made if missing).',
});
const env = loadEnv();
const handle = await openDatabase(env, 'npm run db:migrate');
try {
  await prepareDatabase(handle, { seed: 'none', logger: createLogger({ level: 'warn' }) });
} finally {
  await handle.close();
}
console.log(`Migrations applied (${env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR}`})`);
