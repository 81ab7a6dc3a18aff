import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { inTransaction } from '../../schema/domain/transaction';
import { freshDatabase } from '../setup/database';

// Serialisation failures and deadlocks are retried inside the server, never shown to users;
// anything else is not retried. The failures here are raised by the database itself.
let h: DbHandle;
beforeAll(async () => {
  h = await freshDatabase();
});
afterAll(() => h.close());

const failWith = (code: string) => sql.raw(`do $$ begin raise exception 'transient' using errcode = '${code}'; end $$`);

it('retries a serialisation failure and a deadlock until the work succeeds, rolling back each failed try', async () => {
  await h.db.execute(sql`create table retry_probe (n int)`);
  let attempts = 0;
  const result = await inTransaction(h.db, async (tx) => {
    attempts++;
    await tx.execute(sql`insert into retry_probe values (${attempts})`);
    if (attempts === 1) await tx.execute(failWith('40001'));
    if (attempts === 2) await tx.execute(failWith('40P01'));
    return 'done';
  });
  expect({ result, attempts }).toEqual({ result: 'done', attempts: 3 });
  const rows = await h.db.execute(sql`select n from retry_probe`);
  const values = (Array.isArray(rows) ? rows : (rows as { rows: { n: number }[] }).rows).map((r) =>
    Number((r as { n: number }).n),
  );
  expect(values).toEqual([3]);
});

it('does not retry other errors, and gives up after five transient failures', async () => {
  let attempts = 0;
  await expect(
    inTransaction(h.db, async (tx) => {
      attempts++;
      await tx.execute(failWith('23505'));
    }),
  ).rejects.toThrow();
  expect(attempts).toBe(1);
  attempts = 0;
  await expect(
    inTransaction(h.db, async (tx) => {
      attempts++;
      await tx.execute(failWith('40001'));
    }),
  ).rejects.toThrow();
  expect(attempts).toBe(5);
});
