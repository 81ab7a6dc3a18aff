import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DbHandle } from '../../drizzle/client';
import { spendBySourceDifferences } from '../../schema/domain/reconcile-spend';
import { freshDatabase } from '../setup/database';

// A budget's spend by source (budget_source_spend) is kept by triggers in each transaction that
// changes the budget's money: an allocation works the budget out again, a new commission adds its
// share under the weights as they stand. Writers of one budget queue on the budget's row, so the
// later one sees the earlier one's change. Each test fails with its lock taken out: two allocations
// then collide on the rows' key (a unique violation, a 500 for whoever pressed the button), and a
// commission raised while an allocation changes the weights is split under the old weights.

let db: DbHandle;
beforeAll(async () => {
  db = await freshDatabase();
}, 120_000);
afterAll(() => db.close());

/**
 * Runs `firstWrite` in an open transaction, then `secondWrite` in another while the first is still
 * open, commits the first, and says how the second's write ended ('written' or its error's code);
 * then checks the budget's kept spend by source against the commissions.
 */
async function race(budgetId: number, firstWrite: string, secondWrite: string) {
  const sql = db.postgres!;
  const first = await sql.reserve();
  const second = await sql.reserve();
  try {
    await first`begin`;
    await first.unsafe(firstWrite);
    await second`begin`;
    await second`set local lock_timeout = '10s'`;
    const secondDone = second.unsafe(secondWrite).then(
      () => 'written',
      (error: { code?: string }) => `failed ${error.code}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    await first`commit`;
    expect(await secondDone).toBe('written');
    await second`commit`;
  } finally {
    first.release();
    second.release();
  }
  expect((await spendBySourceDifferences(db.db)).filter((d) => d.id === budgetId)).toEqual([]);
}

describe("two writers of one budget's spend by source", () => {
  it('the second waits for the first and both allocations count', async () => {
    const sql = db.postgres!;
    const [budget] = await sql`
      select b."id", b."childId", a."fundingPotId", a."createdById"
      from child_budgets b join allocations a on a."budgetId" = b."id"
      where exists (select 1 from commissions c where c."budgetId" = b."id" and c."status" = 'COMPLETED')
      order by b."id" limit 1`;
    expect(budget).toBeDefined();
    // Allocations written straight to the table: no other row of the application is locked, so
    // only the trigger's own lock stands between the two writers.
    const allocate = (pence: number) => `
      insert into allocations ("fundingPotId", "childId", "budgetId", "amountPence", "createdById")
      values (${budget!.fundingPotId}, ${budget!.childId}, ${budget!.id}, ${pence}, ${budget!.createdById})`;
    await race(Number(budget!.id), allocate(1_001), allocate(2_003));
    const [kept] = await sql`select sum("committedPence" + "spentPence")::int as pence
      from budget_source_spend where "budgetId" = ${budget!.id}`;
    expect(Number(kept!.pence)).toBeGreaterThan(0);
  });

  it('a commission raised while an allocation changes the weights is split under the new weights', async () => {
    const sql = db.postgres!;
    // A budget with a live commission; another source then gives it ten times what it holds.
    const [budget] = await sql`
      select b."id", b."zoneId", b."period", (select c."id" from commissions c where c."budgetId" = b."id"
          and c."status" in ('REQUESTED', 'APPROVED', 'ACCEPTED') order by c."id" limit 1) as "commissionId"
      from child_budgets b join allocations a on a."budgetId" = b."id"
      where exists (select 1 from commissions c where c."budgetId" = b."id" and c."status" in ('REQUESTED', 'APPROVED', 'ACCEPTED'))
      order by b."id" limit 1`;
    const [other] = await sql`select p."id" from funding_pots p where p."zoneId" = ${budget!.zoneId}
      and p."period" = ${budget!.period}
      order by exists (select 1 from allocations a where a."budgetId" = ${budget!.id} and a."fundingPotId" = p."id"), p."id"
      limit 1`;
    expect(budget?.commissionId).toBeTruthy();
    expect(other).toBeDefined();
    const columns = (
      await sql`select column_name as name from information_schema.columns
        where table_name = 'commissions' and is_identity = 'NO' and column_name <> 'reference' order by ordinal_position`
    ).map((c) => `"${c.name}"`);
    await race(
      Number(budget!.id),
      `insert into allocations ("fundingPotId", "childId", "budgetId", "amountPence", "createdById")
        select ${other!.id}, "childId", "budgetId", 10 * sum("amountPence"), min("createdById") from allocations
        where "budgetId" = ${budget!.id} group by "childId", "budgetId"`,
      `insert into commissions ("reference", ${columns.join(', ')})
        select 'CR-ZZZZZ', ${columns.join(', ')} from commissions where "id" = ${budget!.commissionId}`,
    );
  });
});
