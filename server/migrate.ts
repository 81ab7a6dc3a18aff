import { mkdirSync } from 'node:fs';
import { createDb } from '../drizzle/client';
import { migrate } from '../drizzle/migrate';
import { loadEnv } from './env';

// `npm run db:migrate`: applies the committed migrations to DATABASE_URL or DATA_DIR (npm start does this too).
const env = loadEnv();
if (!env.DATABASE_URL) mkdirSync(env.DATA_DIR, { recursive: true });
const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR });
await migrate(handle);
await handle.close();
console.log(`Migrations applied (${env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR}`})`);
