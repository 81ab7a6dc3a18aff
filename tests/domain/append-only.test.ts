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
  for (const [table, column] of [
    ['ledger_entries', 'actorId'],
    ['audit_events', 'actorId'],
    ['commission_events', 'actorId'],
    ['ledger_chain', 'hash'],
    ['audit_chain', 'hash'],
  ] as const) {
    it(table, async () => {
      const before = rowsOf(await db.db.execute(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
      expect(before).toBeGreaterThan(0);
      expect(await refusal(`update ${table} set "${column}" = "${column}"`)).toMatch(`${table} is append-only`);
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
    const [last] = rowsOf(await db.db.execute(sql`select "seq", "hash" from ledger_chain order by "seq" desc limit 1`));
    expect(Number(last!.seq)).toBe(result.ledgerEntries);
    expect(String(last!.hash)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('a ledger row changed behind the guards is found', async () => {
    await db.db.execute(sql`alter table ledger_entries disable trigger ledger_entries_append_only`);
    const [row] = rowsOf(await db.db.execute(sql`select id from ledger_entries order by id limit 1 offset 3`));
    await db.db.execute(sql`update ledger_entries set "reason" = 'nothing to see' where id = ${row!.id}`);
    await db.db.execute(sql`alter table ledger_entries enable trigger ledger_entries_append_only`);
    expect((await reconcile(db.db)).differences).toEqual([
      expect.objectContaining({
        kind: 'ledger chain',
        id: Number(row!.id),
        field: 'hash (the row or its link was changed)',
      }),
    ]);
  });

  it('an audit row removed behind the guards is found', async () => {
    await db.db.execute(sql`alter table audit_events disable trigger audit_events_append_only`);
    const [row] = rowsOf(await db.db.execute(sql`select "eventId" from audit_chain order by "seq" limit 1 offset 2`));
    await db.db.execute(sql`delete from audit_events where id = ${row!.eventId}`);
    await db.db.execute(sql`alter table audit_events enable trigger audit_events_append_only`);
    expect((await reconcile(db.db)).differences.filter((d) => d.kind === 'audit chain')).toEqual([
      expect.objectContaining({ id: Number(row!.eventId), field: 'row (removed: its link remains)' }),
    ]);
  });

  it('a link removed behind the guards, and a row added without one, are found', async () => {
    await db.db.execute(sql`alter table ledger_chain disable trigger ledger_chain_append_only`);
    const [link] = rowsOf(
      await db.db.execute(sql`select "seq", "entryId" from ledger_chain order by "seq" limit 1 offset 5`),
    );
    await db.db.execute(sql`delete from ledger_chain where "seq" = ${link!.seq}`);
    await db.db.execute(sql`alter table ledger_chain enable trigger ledger_chain_append_only`);
    const broken = (await reconcile(db.db)).differences.filter((d) => d.kind === 'ledger chain');
    expect(broken.map((d) => d.field)).toEqual(
      expect.arrayContaining([
        'seq (a link is missing before it)',
        'prevHash (the link before it was changed or removed)',
        'link (a row added behind the guards)',
      ]),
    );
    // The row whose link went is the one reported as having none.
    expect(broken.find((d) => d.field.startsWith('link'))?.id).toBe(Number(link!.entryId));
  });
});

describe('a row joins its chain as its transaction commits', () => {
  const addEvent = (tx: { execute: typeof db.db.execute }, action: string) =>
    tx
      .execute(
        sql`insert into audit_events ("zoneId", "action", "entityType", "entityId")
            select id, ${action}, 'Zone', id from zones order by id limit 1 returning id`,
      )
      .then((r) => rowsOf(r)[0]!);

  it('without a link inside its transaction, linked at commit; its content cannot change even before then', async () => {
    const [top] = rowsOf(await db.db.execute(sql`select max("seq") as seq from audit_chain`));
    const linkOf = (tx: { execute: typeof db.db.execute }, id: unknown) =>
      tx.execute(sql`select "seq" from audit_chain where "eventId" = ${id}`).then((r) => rowsOf(r));
    const id = await db.db.transaction(async (tx) => {
      const row = await addEvent(tx, 'chain probe');
      expect(await linkOf(tx, row.id)).toEqual([]);
      // A savepoint, so the transaction goes on after the refusal.
      const refused = await tx
        .transaction((sp) => sp.execute(sql`update audit_events set "action" = 'rewritten' where id = ${row.id}`))
        .then(
          () => 'allowed',
          (e: { cause?: { message?: string } }) => e.cause?.message,
        );
      expect(refused).toBe('audit_events is append-only');
      return row.id;
    });
    expect(await linkOf(db.db, id)).toEqual([{ seq: Number(top!.seq) + 1 }]);
    // Linked to the link before it, and its hash is of the row's own content (the tests above break other links).
    const [link] = rowsOf(
      await db.db.execute(sql`select c."hash" = chain_hash(c."prevHash", audit_event_payload(t)) as "hashed",
        c."prevHash" = (select p."hash" from audit_chain p where p."seq" = c."seq" - 1) as "linked",
        t."action" from audit_chain c join audit_events t on t.id = c."eventId" where t.id = ${id}`),
    );
    expect(link).toEqual({ hashed: true, linked: true, action: 'chain probe' });
  });

  it('a transaction cannot give its own row a link: its commit fails and nothing is written', async () => {
    const count = async () =>
      rowsOf(
        await db.db.execute(
          sql`select (select count(*)::int from audit_events) + (select count(*)::int from audit_chain) as n`,
        ),
      )[0]!.n;
    const before = await count();
    const outcome = await db.db
      .transaction(async (tx) => {
        const row = await addEvent(tx, 'self-linked');
        await tx.execute(sql`insert into audit_chain ("seq", "eventId", "prevHash", "hash")
          select max("seq") + 1, ${row.id}, '', 'forged' from audit_chain`);
      })
      .then(
        () => 'committed',
        (e: { cause?: { message?: string }; message: string }) => e.cause?.message ?? e.message,
      );
    expect(outcome).toMatch(/duplicate key value violates unique constraint "audit_chain_(eventId_key|pkey)"/);
    expect(await count()).toBe(before);
  });
});
