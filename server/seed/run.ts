import { migrate } from '../../drizzle/migrate';
import { commandLine } from '../cli/args';
import { openDatabase } from '../cli/common';
import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { isEmpty } from './demo';

// `npm run db:seed`: seeds the demo data into an empty database; exits 1 if it has data already.
commandLine('Usage: npm run db:seed', {
  about: 'Seeds the demo data into an empty database (DATABASE_URL, or DATA_DIR, made if missing).',
});
const env = loadEnv();
const handle = await openDatabase(env, 'npm run db:seed');
try {
  await migrate(handle); // a fresh data folder has no tables to ask yet
  if (await isEmpty(handle.db)) {
    await prepareDatabase(handle, { seed: 'demo', logger: createLogger({ level: 'info' }) });
  } else {
    // Refused before anything is written; a script that goes on to sign in as the demo users must stop.
    console.error('The database already has data; delete it (or DATA_DIR) to seed afresh');
    process.exitCode = 1;
  }
} finally {
  await handle.close();
}
