import { mkdirSync } from 'node:fs';
import { createDb } from '../drizzle/client';
import { migrate } from '../drizzle/migrate';
import { inTransaction } from '../schema/domain/transaction';
import { createApp } from './app';
import { loadEnv } from './env';
import { statementCounter } from './query-counter';
import { ensureTaxonomy, isEmpty, seedDemo } from './seed/demo';

const started = Date.now();
const env = loadEnv();
const production = env.NODE_ENV === 'production';
if (!env.DATABASE_URL) mkdirSync(env.DATA_DIR, { recursive: true });

const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATA_DIR, logger: statementCounter });
await migrate(handle);

// The demo seed never runs in production unless asked for by name.
const seed = env.SEED ?? (production ? 'none' : 'demo');
if (seed === 'demo' && (await isEmpty(handle.db))) {
  await seedDemo(handle.db);
  console.log('Seeded the demo data (accounts in README.md)');
} else {
  await inTransaction(handle.db, ensureTaxonomy);
}

const server = await createApp({ db: handle.db, production, trustProxy: env.TRUST_PROXY });
server.listen(env.PORT, () => {
  const where = env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR}`;
  console.log(
    `Portal ready at http://localhost:${env.PORT}/ (GraphQL at /graphql, ${where}) in ${((Date.now() - started) / 1000).toFixed(1)}s`,
  );
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    server.close();
    void handle.close().then(() => process.exit(0));
  });
}
