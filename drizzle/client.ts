import { PGlite } from '@electric-sql/pglite';
import { cube } from '@electric-sql/pglite/contrib/cube';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import type { Logger } from 'drizzle-orm';
import type { PgAsyncDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { acquireDataDirLock, type DataDirLock } from './data-dir-lock';
import { preparingStatements } from './prepared';
import { type Relations, relations } from './relations';

/** PGlite's contrib extensions the migrations create (cube: distance search by index; unaccent: text search
 * that ignores accents). */
export const PGLITE_EXTENSIONS = { cube, unaccent };

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
  /** What this process is, for the data folder's lock (shown to a second opener). */
  command?: string;
  /** The data folder's lock, when the caller took it already (to fail fast, before loading much). */
  lock?: DataDirLock;
  /** A PGlite dump (gzipped tar) to load into an empty dataDir: restoring a backup. */
  loadDataDir?: Blob;
  /**
   * Behind PgBouncer in transaction mode (DATABASE_PGBOUNCER=on): no named prepared statements
   * (PgBouncer 1.18, Debian 12's, cannot follow them across server connections) and no startup
   * parameters PgBouncer refuses (jit: set it on the database instead, README "Towards national scale").
   */
  pgbouncer?: boolean;
  /** Names the connections in pg_stat_activity (the read pool says so). */
  applicationName?: string;
  /** PGlite's shared_buffers (PGLITE_SHARED_BUFFERS); the other PGlite settings are PGLITE_SETTINGS. */
  pgliteSharedBuffers?: string;
};

/**
 * PostgreSQL settings for PGlite, which runs inside this process's WebAssembly heap (that heap
 * only grows, so every buffer touched once stays resident). Measured with `npm run bench:memory`
 * on the demo seed: with PGlite's default shared_buffers (128MB) the server held 607 MB resident at
 * rest; with 16MB, 411 MB at rest and 415 MB after 10,000 searches (README, Towards national scale).
 * The data folder's files stay in the operating system's page cache, so a miss costs a read from it.
 */
export const PGLITE_SETTINGS = { wal_buffers: '1MB', temp_buffers: '2MB' } as const;

export function pgliteStartParams(sharedBuffers = '16MB'): string[] {
  const settings = { shared_buffers: sharedBuffers, ...PGLITE_SETTINGS };
  return [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([k, v]) => ['-c', `${k}=${v}`])];
}

export type DbHandle = {
  db: Db;
  kind: 'pglite' | 'postgres';
  close: () => Promise<void>;
  /** The data folder's lock, when this process opened a PGlite folder. */
  lock?: DataDirLock;
  /** PGlite's data folder on disk (readiness checks it is still there); absent in memory and on PostgreSQL. */
  dataDir?: string;
  /** The PGlite instance (backups dump it); absent on PostgreSQL. */
  pglite?: PGlite;
  /** The postgres.js client (health checks, advisory locks); absent on PGlite. */
  postgres?: postgres.Sql;
};

// PGlite's databases: one connection, so a long transaction there would hold up every other request.
const singleConnection = new WeakSet<Db>();

/** True when the database has one connection (PGlite): long reads page without holding a transaction. */
export const hasOneConnection = (db: Db) => singleConnection.has(db);

export async function createDb(options: DbOptions = {}): Promise<DbHandle> {
  if (options.databaseUrl) {
    const application_name = `${options.applicationName ?? 'partnership-portal'}:${process.pid}`;
    const client = postgres(options.databaseUrl, {
      max: options.maxConnections ?? 10,
      onnotice: () => {},
      prepare: !options.pgbouncer,
      // JIT off: measured on the scale seed (100k listings, PostgreSQL 15), compiling cost more than
      // it saved on every search shape (a broad text count: 130 ms with JIT, 76 ms without).
      connection: options.pgbouncer ? { application_name } : { application_name, jit: 'off' },
    });
    const db = drizzlePostgres({
      client: preparingStatements(client),
      relations,
      logger: options.logger,
    }) as unknown as Db;
    return { db, kind: 'postgres', postgres: client, close: () => client.end({ timeout: 5 }) };
  }
  // One process per data folder: the lock is taken before PGlite touches it.
  const lock =
    options.lock ??
    (options.dataDir && !options.pglite
      ? acquireDataDirLock(options.dataDir, options.command ?? 'a portal command')
      : undefined);
  let client: PGlite;
  try {
    client =
      options.pglite ??
      new PGlite({
        dataDir: options.dataDir,
        loadDataDir: options.loadDataDir,
        extensions: PGLITE_EXTENSIONS,
        startParams: pgliteStartParams(options.pgliteSharedBuffers),
      });
    await client.waitReady;
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite({ client, relations, logger: options.logger }) as unknown as Db;
  singleConnection.add(db);
  return {
    db,
    kind: 'pglite',
    lock,
    dataDir: options.dataDir && !options.dataDir.includes('://') ? options.dataDir : undefined,
    pglite: client,
    close: async () => {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}
