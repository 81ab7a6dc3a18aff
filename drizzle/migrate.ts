import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
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

/** Names of committed migrations the database has not applied (readiness says so). */
export async function pendingMigrations(handle: DbHandle): Promise<string[]> {
  const local = readMigrationFiles({ migrationsFolder })
    .map((m) => m.name)
    .filter((n): n is string => Boolean(n));
  let applied: Set<string>;
  try {
    const rows = await handle.db.execute<{ name: string | null }>(sql`select name from drizzle.__drizzle_migrations`);
    const list = (Array.isArray(rows) ? rows : (rows as { rows: { name: string | null }[] }).rows) as {
      name: string | null;
    }[];
    applied = new Set(list.map((r) => r.name ?? ''));
  } catch {
    // No migrations table: nothing applied yet.
    return local;
  }
  return local.filter((name) => !applied.has(name));
}
