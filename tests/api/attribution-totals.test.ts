import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { attributedSql } from '../../schema/domain/attribution';
import { usedInBudgets } from '../../schema/domain/leaving-money';
import { spendBySourceDifferences } from '../../schema/domain/reconcile-spend';
import { moneyPerCommission, spendBy, windowSql } from '../../schema/domain/report';
import { rowsOf } from '../../schema/domain/rows';
import { planScale } from '../../server/seed/scale/plan';
import { seedScale } from '../../server/seed/scale/run';
import { freshDatabase } from '../setup/database';

// Reports over a whole zone sum the attribution per distinct (budget, amount) instead of per
// commission (attributedTotalsSql). Over a few thousand commissions on pooled budgets, with some
// budgets funded by nobody, the sums must be exactly those of the per-commission split that the
// CSV export shows, penny for penny and count for count.

let h: Awaited<ReturnType<typeof freshDatabase>>;
let zoneId: number;
let period: string;

beforeAll(async () => {
  h = await freshDatabase();
  await seedScale(h.db, planScale({ services: 300, children: 120, commissions: 3000, zones: 1 }), () => {});
  const [zone] = rowsOf(
    await h.db.execute(sql`select "id", "currentPeriod" from "zones" where "slug" = 'scale-001'`),
  ) as [{ id: number; currentPeriod: string }];
  zoneId = Number(zone.id);
  period = zone.currentPeriod;
  // Five children whose budgets nobody funded (their money is UNATTRIBUTED): their allocations go
  // to a sixth child, whose budget then has several allocations from the same pots. The ledger is
  // append-only, so the allocations move rather than go; reconciling is not what is tested here.
  await h.db.execute(sql`with b as (select "id", row_number() over (order by "id") as k from "child_budgets" where "zoneId" = ${zoneId})
    update "allocations" set "budgetId" = (select "id" from b where k = 6)
    where "budgetId" in (select "id" from b where k <= 5)`);
}, 240_000);
afterAll(() => h.close());

/** The per-commission split, summed by `key` in SQL the plain way. */
const perCommission = async (by: 'source' | 'pot', key: 'source' | 'budget') =>
  rowsOf(
    await h.db.execute(sql`
      select ${key === 'budget' ? sql`c."budgetId"::text || ':' || x."source"` : sql`x."source"`} as "key",
        sum(x."committedPence")::int as "committed", sum(x."spentPence")::int as "spent",
        count(*) filter (where x."primary")::int as "n"
      from (${attributedSql(zoneId, moneyPerCommission(zoneId, windowSql({ period })), by)}) x
      join "commissions" c on c."id" = x."id"
      group by 1`),
  )
    .map((r) => ({ key: String(r.key), committed: Number(r.committed), spent: Number(r.spent), n: Number(r.n) }))
    .sort(byKey);
const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

describe('attribution summed per (budget, amount)', () => {
  it('the seed pools budgets, repeats amounts within a budget, and leaves some unfunded', async () => {
    const [shape] = rowsOf(
      await h.db.execute(sql`select
        (select count(*)::int from (select "budgetId" from "allocations" group by 1 having count(*) > 1) p) as pooled,
        (select count(*)::int from (select "budgetId", "amountPence" from "commissions" where "zoneId" = ${zoneId}
          and "status" in ('REQUESTED', 'APPROVED', 'ACCEPTED') group by 1, 2 having count(*) > 1) r) as repeated`),
    ) as [{ pooled: number; repeated: number }];
    expect(Number(shape.pooled)).toBeGreaterThan(40);
    expect(Number(shape.repeated)).toBeGreaterThan(10);
  });

  it('spend by source, for the period (kept per budget) and between dates (summed here), equals the per-commission split summed, unattributed included', async () => {
    const expected = await perCommission('source', 'source');
    expect(expected.map((r) => r.key)).toContain('UNATTRIBUTED');
    for (const window of [{ period }, { from: '2000-01-01', to: '2100-12-31' }]) {
      const report = await spendBy(h.db, zoneId, window, 'source');
      expect(report.map((r) => r.label).sort()).toEqual(expected.map((r) => r.key));
      for (const r of report) {
        const e = expected.find((x) => x.key === r.label)!;
        expect([r.committedPence, r.spentPence, r.commissions], r.label).toEqual([e.committed, e.spent, e.n]);
      }
    }
  });

  it("a close's pot lines per budget equal the per-commission split by pot, summed", async () => {
    const used = await h.db.transaction((tx) =>
      usedInBudgets(tx, zoneId, moneyPerCommission(zoneId, windowSql({ period }))),
    );
    const got = used
      .map((u) => ({ key: `${u.budgetId}:${u.potId}`, committed: u.committedPence, spent: u.spentPence }))
      .sort(byKey);
    const expected = (await perCommission('pot', 'budget')).map(({ key, committed, spent }) => ({
      key,
      committed,
      spent,
    }));
    expect(got.length).toBeGreaterThan(100);
    expect(got).toEqual(expected);
  });

  it('spend by school and by district read from the kept figures match the same worked out from the commissions', async () => {
    for (const dimension of ['school', 'district'] as const) {
      const kept = await spendBy(h.db, zoneId, { period }, dimension);
      const worked = await spendBy(h.db, zoneId, { from: '2000-01-01', to: '2100-12-31' }, dimension);
      expect(kept.length).toBeGreaterThan(1);
      expect(kept).toEqual(worked);
      const school = Number(
        rowsOf(await h.db.execute(sql`select "id" from "schools" where "zoneId" = ${zoneId} order by "id" limit 1`))[0]!
          .id,
      );
      expect(await spendBy(h.db, zoneId, { period }, dimension, school)).toEqual(
        await spendBy(h.db, zoneId, { from: '2000-01-01', to: '2100-12-31' }, dimension, school),
      );
    }
  });

  it('npm run reconcile names a budget whose kept spend by source no longer matches', async () => {
    expect(await spendBySourceDifferences(h.db)).toEqual([]);
    const [row] = rowsOf(
      await h.db.execute(sql`update "budget_source_spend" set "spentPence" = "spentPence" + 1
        where ("budgetId", "source") = (select "budgetId", "source" from "budget_source_spend" order by 1, 2 limit 1)
        returning "budgetId", "source"`),
    ) as [{ budgetId: number; source: string }];
    try {
      expect(await spendBySourceDifferences(h.db)).toEqual([
        expect.objectContaining({ id: Number(row.budgetId), field: `${row.source} spentPence` }),
      ]);
    } finally {
      await h.db.execute(sql`update "budget_source_spend" set "spentPence" = "spentPence" - 1
        where "budgetId" = ${row.budgetId} and "source" = ${row.source}`);
    }
  });
});
