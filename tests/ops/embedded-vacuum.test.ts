import { sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../drizzle/client';
import { searchLogs, zones } from '../../drizzle/schema';
import { rowsOf } from '../../schema/domain/rows';
import { housekeepOnce } from '../../server/jobs/housekeeping';
import { silentLogger } from '../../server/logger';
import { prepareDatabase } from '../../server/prepare-database';
import { freshDatabase, TEST_DB } from '../setup/database';

// PGlite runs no autovacuum: without a vacuum its tables' visibility maps stay empty (no
// index-only scans) and its statistics stale. The portal vacuums the embedded database after
// start-up's preparation and after each housekeeping run; on PostgreSQL autovacuum does it.

let db: DbHandle;
beforeEach(async () => {
  db = await freshDatabase();
});
afterEach(() => db.close());

const lastVacuum = async (handle: DbHandle, table: string) => {
  await handle.db.execute(sql`select pg_stat_clear_snapshot()`);
  const [row] = rowsOf(
    await handle.db.execute(sql`select s.last_vacuum, s.last_analyze, c.relpages, c.relallvisible
      from pg_stat_user_tables s join pg_class c on c.oid = s.relid where s.relname = ${table}`),
  );
  return {
    vacuumed: row?.last_vacuum == null ? null : new Date(String(row.last_vacuum)),
    analysed: row?.last_analyze == null ? null : new Date(String(row.last_analyze)),
    pages: Number(row?.relpages),
    allVisible: Number(row?.relallvisible),
  };
};

const options = { retentionYears: 6, minIntervalMinutes: 0 };

describe('the embedded database is vacuumed as autovacuum would', () => {
  it.runIf(TEST_DB === 'pglite')('a housekeeping run vacuums and analyses every table, new rows included', async () => {
    const [zone] = await db.db.select({ id: zones.id }).from(zones).limit(1);
    await db.db.insert(searchLogs).values(
      Array.from({ length: 400 }, (_, i) => ({
        zoneId: zone!.id,
        queryText: `search ${i} for a club near here`,
        resultCount: i,
        signedIn: false,
      })),
    );
    const before = await lastVacuum(db, 'search_logs');
    const result = await housekeepOnce(db, options);
    expect(result).toMatchObject({ ran: true, vacuumed: true });
    const after = await lastVacuum(db, 'search_logs');
    expect(after.vacuumed).not.toBeNull();
    expect(after.vacuumed!.getTime()).toBeGreaterThan(before.vacuumed?.getTime() ?? 0);
    expect(after.analysed).not.toBeNull();
    // Every page, the new rows' too, is all-visible: index-only scans need no heap reads.
    expect(after.pages).toBeGreaterThan(1);
    expect(after.allVisible).toBe(after.pages);
    expect((await lastVacuum(db, 'services')).vacuumed).not.toBeNull();
  });

  it.runIf(TEST_DB === 'pglite')('a housekeeping run skipped (another ran it lately) vacuums nothing', async () => {
    await housekeepOnce(db, options);
    expect(await housekeepOnce(db, { ...options, minIntervalMinutes: 60 })).toMatchObject({
      ran: false,
      vacuumed: false,
    });
  });

  it.runIf(TEST_DB === 'pglite')('start-up prepares a new embedded database vacuumed and analysed', async () => {
    const fresh = await createDb({});
    try {
      await prepareDatabase(fresh, { seed: 'none', logger: silentLogger });
      const services = await lastVacuum(fresh, 'services');
      expect(services.vacuumed).not.toBeNull();
      expect(services.analysed).not.toBeNull();
    } finally {
      await fresh.close();
    }
  });

  it.runIf(TEST_DB !== 'pglite')(
    'on PostgreSQL autovacuum does it: housekeeping runs no vacuum of its own',
    async () => {
      expect(await housekeepOnce(db, options)).toMatchObject({ ran: true, vacuumed: false });
    },
  );
});
