import { createHash, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import postgres from 'postgres';
import { createDb, type DbHandle, type DbOptions, PGLITE_EXTENSIONS } from '../../drizzle/client';

// Test databases: every test file gets its own copy of one migrated, demo-seeded template.
// On PGlite the template is a data-dir dump; on PostgreSQL a template database.

export const TEST_DB = (process.env.TEST_DB ?? 'pglite') as 'pglite' | 'postgres';
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
/**
 * Creating and dropping databases goes straight to PostgreSQL: when TEST_DATABASE_URL is PgBouncer
 * (the suite run through it), its idle server connections to the template would block CREATE DATABASE.
 */
export const TEST_ADMIN_URL = process.env.TEST_DATABASE_DIRECT_URL ?? TEST_DATABASE_URL;
/** TEST_DATABASE_URL leads to PgBouncer in transaction mode: the app's pools run with pgbouncer: true. */
export const TEST_PGBOUNCER = process.env.TEST_DATABASE_PGBOUNCER === 'on';
// Named after this checkout, so test runs in two clones (or worktrees) never share a template.
const CHECKOUT = createHash('sha1')
  .update(path.resolve(import.meta.dirname, '..', '..'))
  .digest('hex')
  .slice(0, 8);
export const TEMPLATE_DUMP = path.join(os.tmpdir(), `partnership-template-${CHECKOUT}.tar.gz`);
export const TEMPLATE_DB = `partnership_template_${CHECKOUT}`;
export const TEST_DB_PREFIX = `partnership_test_${CHECKOUT}_`;

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

/** A fresh copy of the seeded template; close() drops it. */
export async function freshDatabase(logger?: DbOptions['logger']): Promise<DbHandle & { url?: string }> {
  if (TEST_DB === 'pglite') {
    const dump = await readFile(TEMPLATE_DUMP);
    const pglite = new PGlite({ loadDataDir: new Blob([new Uint8Array(dump)]), extensions: PGLITE_EXTENSIONS });
    return createDb({ pglite, logger });
  }
  const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
  const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database "${name}" template "${TEMPLATE_DB}"`);
  await admin.end();
  const url = withDatabase(TEST_DATABASE_URL, name);
  const handle = await createDb({ databaseUrl: url, logger, maxConnections: 20, pgbouncer: TEST_PGBOUNCER });
  return {
    ...handle,
    url,
    close: async () => {
      await handle.close();
      const cleanup = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      await cleanup.unsafe(`drop database if exists "${name}" with (force)`);
      await cleanup.end();
    },
  };
}
