import { PGlite } from '@electric-sql/pglite';
import type { Logger } from 'drizzle-orm';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { type Relations, relations } from './relations';

/** One type for both drivers, so nothing above this file knows which database it runs on. */
export type Db = PgAsyncDatabase<PgQueryResultHKT, Relations>;

export type DbOptions = {
  /** postgres://... to use a PostgreSQL server; otherwise PGlite. */
  databaseUrl?: string;
  /** PGlite data folder; omitted means in memory. */
  dataDir?: string;
  /** An existing PGlite (tests clone a migrated template). */
  pglite?: PGlite;
  logger?: Logger;
  /** postgres.js pool size per process. */
  maxConnections?: number;
};

export type DbHandle = { db: Db; kind: 'pglite' | 'postgres'; close: () => Promise<void> };

export async function createDb(options: DbOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
    });
    const db = drizzlePostgres({ client, relations, logger: options.logger }) as unknown as Db;
    return { db, kind: 'postgres', close: () => client.end({ timeout: 5 }) };
  }
  const client = options.pglite ?? (options.dataDir ? new PGlite({ dataDir: options.dataDir }) : new PGlite());
  await client.waitReady;
  const db = drizzlePglite({ client, relations, logger: options.logger }) as unknown as Db;
  return { db, kind: 'pglite', close: () => client.close() };
}
