import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type DbHandle } from '../../drizzle/client';
import { zones } from '../../drizzle/schema';
import { rowsOf } from '../../schema/domain/rows';
import { freshDatabase } from '../setup/database';

// Drizzle asks postgres.js for unnamed statements unless told otherwise, so PostgreSQL parsed and
// planned every query again (drizzle/prepared.ts). Each kind of query the portal sends (a builder, a
// relational query, raw SQL, inside a transaction) must be a named statement PostgreSQL keeps, but
// for full-text searches, planned each time for their words: pg_prepared_statements lists a
// session's own, so each check uses a pool of one connection.

let fresh: DbHandle & { url?: string };
beforeAll(async () => {
  fresh = await freshDatabase();
}, 120_000);
afterAll(() => fresh.close());

const oneConnection = (pgbouncer = false) => createDb({ databaseUrl: fresh.url!, maxConnections: 1, pgbouncer });

async function preparedTexts(handle: DbHandle): Promise<string[]> {
  const rows = rowsOf(await handle.db.execute(sql`select statement from pg_prepared_statements order by statement`));
  return rows.map((r) => String(r.statement));
}

describe('prepared statements on PostgreSQL', () => {
  it('keeps builder, relational and raw SQL queries, in and out of transactions', async () => {
    const handle = await oneConnection();
    try {
      await handle.db.select({ id: zones.id }).from(zones).where(eq(zones.slug, 'demo'));
      await handle.db.query.zones.findFirst({ where: { slug: 'demo' }, columns: { name: true } });
      await handle.db.execute(sql`select count(*) from zones where slug = ${'demo'}`);
      await handle.db.transaction(async (tx) => {
        await tx.execute(sql`select id from zones where slug = ${'in a transaction'}`);
        await tx.transaction((savepoint) => savepoint.execute(sql`select id from zones where id = ${-1}`));
      });
      const texts = await preparedTexts(handle);
      const has = (fragment: string) => texts.some((t) => t.includes(fragment));
      expect(has('from "zones" where "zones"."slug" = $1')).toBe(true);
      expect(has('"name"') && texts.some((t) => t.includes('"slug" = $1') && t.includes('limit'))).toBe(true);
      expect(has('select count(*) from zones where slug = $1')).toBe(true);
      expect(has('select id from zones where slug = $1')).toBe(true);
      expect(has('select id from zones where id = $1')).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('plans a full-text search each time: its best plan depends on the words', async () => {
    const handle = await oneConnection();
    try {
      const search = sql`select id from services where "searchVector" @@ websearch_to_tsquery('english', ${'club'})`;
      for (let i = 0; i < 7; i++) await handle.db.execute(search);
      await handle.db.execute(sql`select count(*) from services where status = ${'PUBLISHED'}`);
      const texts = await preparedTexts(handle);
      expect(texts.some((t) => t.includes('to_tsquery'))).toBe(false);
      expect(texts.some((t) => t.includes('select count(*) from services where status = $1'))).toBe(true);
    } finally {
      await handle.close();
    }
  });

  it('prepares nothing behind PgBouncer in transaction mode (DATABASE_PGBOUNCER=on)', async () => {
    const handle = await oneConnection(true);
    try {
      await handle.db.select({ id: zones.id }).from(zones).where(eq(zones.slug, 'demo'));
      await handle.db.execute(sql`select count(*) from zones where slug = ${'demo'}`);
      expect(await preparedTexts(handle)).toEqual([]);
    } finally {
      await handle.close();
    }
  });
});
