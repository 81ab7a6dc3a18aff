import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { loadEnv } from '../env';
import { isEmpty, seedDemo } from './demo';

// `npm run db:seed`: seeds the demo data into an empty database.
const env = loadEnv();
const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR });
await migrate(handle);
if (await isEmpty(handle.db)) {
  await seedDemo(handle.db);
  console.log('Seeded the demo data');
} else {
  console.log('The database already has data; delete it (or DATA_DIR) to seed afresh');
}
await handle.close();
