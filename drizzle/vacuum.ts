import type { DbHandle } from './client';

/**
 * PGlite runs no autovacuum, so an embedded database's visibility maps stayed empty (no index-only
 * scans: the exact count of 100,000 listings read every heap page, and nearest-first took 37 ms
 * against 15 after a vacuum) and its planner statistics were whatever the last ANALYZE saw. This
 * does what autovacuum does on a server: after start-up's migrations and seed, and after each
 * housekeeping run. PGlite runs it when no transaction is open (one connection: its own queue).
 * On PostgreSQL autovacuum does it, so nothing happens.
 */
export async function vacuumEmbedded(handle: Pick<DbHandle, 'kind' | 'pglite'>): Promise<boolean> {
  if (handle.kind !== 'pglite' || !handle.pglite) return false;
  await handle.pglite.exec('vacuum (analyze)');
  return true;
}
