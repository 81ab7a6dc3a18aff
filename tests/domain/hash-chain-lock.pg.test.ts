import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { reconcile } from '../../schema/domain/reconcile';
import { freshDatabase } from '../setup/database';

// The hash chains' lock is taken inside COMMIT (a deferred trigger), never while a transaction is
// still talking to the application: a writer that has inserted ledger and audit rows but not yet
// committed holds up no one. Fails on the old design (a BEFORE INSERT trigger took the lock at the
// insert): the second writer waits for the first and gives up at its lock_timeout.

let db: DbHandle;
beforeAll(async () => {
  db = await freshDatabase();
}, 120_000);
afterAll(() => db.close());

// A pot's total and its FUND credit, as createFundingPot writes them (reconcile checks they agree);
// each writer credits a pot of its own, so no row lock stands between them, only the chains.
const insertBoth = (pot: number) => `
  with pot as (
    update funding_pots set "totalPence" = "totalPence" + 100
    where id = (select id from funding_pots order by id limit 1 offset ${pot}) returning id, "zoneId"
  ), ledger as (
    insert into ledger_entries ("zoneId", "fundingPotId", "kind", "amountPence", "reason")
    select "zoneId", id, 'FUND', 100, 'chain lock probe' from pot returning id
  )
  insert into audit_events ("zoneId", "action", "entityType", "entityId")
  select z.id, 'chain lock probe', 'Zone', z.id from zones z, (select count(*) from ledger) l order by z.id limit 1
  returning id`;

describe('two writers of the ledger and the audit trail', () => {
  it('the second commits while the first is still open; both join the chains in commit order', async () => {
    const first = await db.postgres!.reserve();
    const second = await db.postgres!.reserve();
    try {
      await first`begin`;
      const [early] = await first.unsafe(insertBoth(0));
      await second`begin`;
      await second`set local lock_timeout = '3s'`;
      const [late] = await second.unsafe(insertBoth(1));
      await second`commit`;
      await first`commit`;
      const rows =
        await db.postgres!`select "eventId", "seq" from audit_chain where "eventId" in ${db.postgres!([early!.id, late!.id])}`;
      const seqOf = (id: number) => Number(rows.find((r) => r.eventId === id)!.seq);
      // Chained in the order they committed, the later insert first.
      expect(seqOf(late!.id)).toBe(seqOf(early!.id) - 1);
      expect((await reconcile(db.db)).differences).toEqual([]);
    } finally {
      first.release();
      second.release();
    }
  });
});
