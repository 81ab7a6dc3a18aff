import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { reconcile } from '../../schema/domain/reconcile';
import { rowsOf } from '../../schema/domain/rows';
import { freshDatabase } from '../setup/database';

// History cannot be rewritten through the database, and rewriting it around the guards (as an
// owner disabling triggers could) is detected by npm run reconcile's hash chains.
let db: DbHandle;
beforeAll(async () => {
  db = await freshDatabase();
});
afterAll(() => db.close());

const refusal = (statement: string) =>
  db.db.execute(sql.raw(statement)).then(
    () => 'allowed',
    (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
  );

describe('append-only tables refuse UPDATE, DELETE and TRUNCATE', () => {
  for (const table of ['ledger_entries', 'audit_events', 'commission_events']) {
    it(table, async () => {
      const before = rowsOf(await db.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
      expect(before).toBeGreaterThan(0);
      expect(await refusal(`update ${table} set "actorId" = "actorId"`)).toMatch(`${table} is append-only`);
      expect(await refusal(`delete from ${table}`)).toMatch(`${table} is append-only`);
      expect(await refusal(`truncate ${table} cascade`)).toMatch(`${table} is append-only`);
      expect(rowsOf(await db.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n).toBe(before);
    });
  }
});

describe('hash chains', () => {
  it('the seeded ledger and audit trail reconcile, chains included', async () => {
    const result = await reconcile(db.db);
    expect(result.differences).toEqual([]);
    const [last] = rowsOf(
      await db.db.execute(sql`select "chainSeq", "hash" from ledger_entries order by "chainSeq" desc limit 1`),
    );
    expect(Number(last!.chainSeq)).toBe(result.ledgerEntries);
    expect(String(last!.hash)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a ledger row changed behind the guards is found', async () => {
    await db.db.execute(sql`alter table ledger_entries disable trigger ledger_entries_append_only`);
    const [row] = rowsOf(await db.db.execute(sql`select id from ledger_entries order by id limit 1 offset 3`));
    await db.db.execute(sql`update ledger_entries set "reason" = 'nothing to see' where id = ${row!.id}`);
    await db.db.execute(sql`alter table ledger_entries enable trigger ledger_entries_append_only`);
    expect((await reconcile(db.db)).differences).toEqual([
      expect.objectContaining({ kind: 'ledger chain', id: Number(row!.id), field: 'hash (this row was changed)' }),
    ]);
  });

  it('an audit row removed behind the guards is found', async () => {
    await db.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    const [row] = rowsOf(
      await db.db.execute(sql`select id, "chainSeq" from audit_events order by "chainSeq" limit 1 offset 2`),
    );
    await db.db.execute(sql`delete from audit_events where id = ${row!.id}`);
    await db.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    const broken = (await reconcile(db.db)).differences.filter((d) => d.kind === 'audit chain');
    expect(broken.map((d) => d.field)).toEqual(
      expect.arrayContaining([
        'chainSeq (a row is missing before it)',
        'prevHash (the row before it was changed or removed)',
      ]),
    );
  });
});

describe('a row joins its chain as its transaction commits', () => {
  const addEvent = (tx: { execute: typeof db.db.execute }, action: string) =>
    tx
      .execute(
        sql`insert into audit_events ("zoneId", "action", "entityType", "entityId")
            select id, ${action}, 'Zone', id from zones order by id limit 1 returning id, "chainSeq"`,
      )
      .then((r) => rowsOf(r)[0]!);

  it('unchained inside its transaction, chained at commit; its content cannot change even before then', async () => {
    const [top] = rowsOf(await db.db.execute(sql`select max("chainSeq") as seq from audit_events`));
    const id = await db.db.transaction(async (tx) => {
      const row = await addEvent(tx, 'chain probe');
      expect(row.chainSeq).toBeNull();
      // Savepoints, so the transaction goes on after each refusal.
      for (const change of [`"action" = 'rewritten'`, `"chainSeq" = 1, "action" = 'rewritten'`]) {
        const refused = await tx
          .transaction((sp) => sp.execute(sql.raw(`update audit_events set ${change} where id = ${row.id}`)))
          .then(
            () => 'allowed',
            (e: { cause?: { message?: string } }) => e.cause?.message,
          );
        expect(refused).toBe('audit_events is append-only');
      }
      return row.id;
    });
    const [chained] = rowsOf(await db.db.execute(sql`select "chainSeq", "action" from audit_events where id = ${id}`));
    expect(chained).toEqual({ chainSeq: Number(top!.seq) + 1, action: 'chain probe' });
    // Linked to the row before it, and its hash is of its own content (the tests above break other links).
    const [link] = rowsOf(
      await db.db.execute(sql`select t."hash" = chain_hash(t."prevHash", audit_event_payload(t)) as "hashed",
        t."prevHash" = (select p."hash" from audit_events p where p."chainSeq" = t."chainSeq" - 1) as "linked"
        from audit_events t where t.id = ${id}`),
    );
    expect(link).toEqual({ hashed: true, linked: true });
  });

  it('a transaction cannot give its own row a place in the chain', async () => {
    const before = rowsOf(await db.db.execute(sql`select count(*)::int as n from audit_events`))[0]!.n;
    const outcome = await db.db
      .transaction(async (tx) => {
        const row = await addEvent(tx, 'self-chained');
        await tx.execute(sql`update audit_events set "chainSeq" = 1000000, "hash" = 'forged' where id = ${row.id}`);
      })
      .then(
        () => 'committed',
        (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
      );
    expect(outcome).toMatch('audit_events is append-only');
    expect(rowsOf(await db.db.execute(sql`select count(*)::int as n from audit_events`))[0]!.n).toBe(before);
  });
});
