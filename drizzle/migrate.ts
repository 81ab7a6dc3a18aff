import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { DbHandle } from './client';

const migrationsFolder = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/** Applies the committed drizzle-kit migrations; safe to run on every start. */
export async function migrate(handle: DbHandle): Promise<void> {
  // biome-ignore lint/suspicious/noExplicitAny: the two migrators want their own driver's type.
  const db = handle.db as any;
  if (handle.kind === 'pglite') await migratePglite(db, { migrationsFolder });
  else await migratePostgres(db, { migrationsFolder });
}
