import { writeFile } from 'node:fs/promises';
import type { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { seedDemo } from '../../server/seed/demo';
import { TEMPLATE_DB, TEMPLATE_DUMP, TEST_ADMIN_URL, TEST_DB, TEST_DB_PREFIX, withDatabase } from './database';

// Vitest global setup: build the seeded template once per run.
export default async function setup() {
  if (TEST_DB === 'pglite') {
    const handle = await createDb();
    await migrate(handle);
    await seedDemo(handle.db);
    const pglite = (handle.db as unknown as { $client: PGlite }).$client;
    const dump = await pglite.dumpDataDir('gzip');
    await writeFile(TEMPLATE_DUMP, Buffer.from(await dump.arrayBuffer()));
    await handle.close();
    return;
  }
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  // Leftovers from an interrupted run of this checkout (other checkouts' databases are theirs).
  const stale =
    await admin`select datname from pg_database where starts_with(datname, ${TEST_DB_PREFIX}) or datname = ${TEMPLATE_DB}`;
  for (const { datname } of stale) await admin.unsafe(`drop database if exists "${datname}" with (force)`);
  await admin.unsafe(`create database "${TEMPLATE_DB}"`);
  await admin.end();
  const handle = await createDb({ databaseUrl: withDatabase(TEST_ADMIN_URL, TEMPLATE_DB) });
  await migrate(handle);
  await seedDemo(handle.db);
  await handle.close();
}
