import { migrate } from '../../drizzle/migrate';
import { openDatabase } from '../cli/common';
import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { isEmpty } from './demo';

// `npm run db:seed`: seeds the demo data into an empty database.
const env = loadEnv();
const handle = await openDatabase(env, 'npm run db:seed');
try {
  await migrate(handle); // a fresh data folder has no tables to ask yet
  const empty = await isEmpty(handle.db);
  await prepareDatabase(handle, { seed: 'demo', logger: createLogger({ level: 'info' }) });
  if (!empty) console.log('The database already has data; delete it (or DATA_DIR) to seed afresh');
} finally {
  await handle.close();
}
