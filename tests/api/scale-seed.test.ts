import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { raiseCommission } from '../../schema/domain/commissions';
import { reconcile } from '../../schema/domain/reconcile';
import { rowsOf } from '../../schema/domain/rows';
import { planScale } from '../../server/seed/scale/plan';
import { seedScale } from '../../server/seed/scale/run';
import { freshDatabase } from '../setup/database';

// The scale seed writes money the way the application does: reconcile finds nothing to object to,
// every commission state is there, the same flags give the same rows, and a rerun adds nothing.

const handles: Awaited<ReturnType<typeof freshDatabase>>[] = [];
afterAll(async () => {
  for (const h of handles) await h.close();
});
const PLAN = planScale({ services: 600, children: 80, commissions: 500, zones: 2 });

async function seeded() {
  const h = await freshDatabase();
  handles.push(h);
  await seedScale(h.db, PLAN, () => {});
  return h;
}

const digest = async (h: Awaited<ReturnType<typeof freshDatabase>>) =>
  rowsOf(
    await h.db.execute(sql`select
      (select md5(string_agg(s."uuid"::text || s."name" || coalesce(s."unitPricePence", 0) || s."status"::text, ',' order by s."uuid"))
        from "services" s join "zones" z on z."id" = s."zoneId" where z."slug" like 'scale-%') as services,
      (select md5(string_agg(c."status"::text || c."amountPence" || c."unitsDelivered", ',' order by c."createdAt", c."amountPence", c."status"::text))
        from "commissions" c join "zones" z on z."id" = c."zoneId" where z."slug" like 'scale-%') as commissions`),
  )[0];

describe('npm run seed:scale', () => {
  it('leaves a ledger that reconciles, with commissions in every state, the same each time', async () => {
    const a = await seeded();
    const result = await reconcile(a.db);
    expect(result.differences).toEqual([]);
    const states = rowsOf(
      await a.db.execute(sql`select c."status", count(*)::int as n from "commissions" c
        join "zones" z on z."id" = c."zoneId" where z."slug" like 'scale-%' group by 1 order by 1`),
    ).map((r) => r.status);
    expect(states.sort()).toEqual([
      'ACCEPTED',
      'APPROVED',
      'CANCELLED',
      'COMPLETED',
      'DECLINED',
      'REJECTED',
      'REQUESTED',
    ]);
    const [{ n }] = rowsOf(
      await a.db.execute(sql`select count(*)::int as n from "services" s join "zones" z on z."id" = s."zoneId"
        where z."slug" like 'scale-%'`),
    ) as [{ n: number }];
    expect(Number(n)).toBe(600);

    const b = await seeded();
    expect(await digest(b)).toEqual(await digest(a));

    // A rerun finds its zones there and adds nothing.
    const before = await digest(a);
    const seen: boolean[] = [];
    await seedScale(a.db, PLAN, (_n, wasSeeded) => {
      seen.push(wasSeeded);
    });
    expect(seen).toEqual([false, false]);
    expect(await digest(a)).toEqual(before);

    // Its families' consent is recorded, so its link workers can raise commissions like anyone's.
    const [unconsented] = rowsOf(
      await a.db.execute(sql`select count(*)::int as n from "children" c join "zones" z on z."id" = c."zoneId"
        where z."slug" like 'scale-%' and not exists (select 1 from "child_consents" cc
          where cc."childId" = c."id" and cc."action" = 'GIVEN')`),
    ) as [{ n: number }];
    expect(Number(unconsented.n)).toBe(0);
    const [pick] = rowsOf(
      await a.db.execute(sql`select c."id" as "childId", c."zoneId", c."linkWorkerId", s."id" as "serviceId",
          z."currentPeriod" as period
        from "children" c join "zones" z on z."id" = c."zoneId"
        join "child_budgets" b on b."childId" = c."id" and b."period" = z."currentPeriod"
        join "services" s on s."zoneId" = c."zoneId" and s."status" = 'PUBLISHED' and s."commissionable"
          and s."unitPricePence" <= b."allocatedPence" - b."reservedPence" - b."spentPence"
        where z."slug" like 'scale-%' and c."status" = 'ACTIVE'
        order by c."id", s."id" limit 1`),
    ) as [{ childId: number; zoneId: number; linkWorkerId: number; serviceId: number; period: string }];
    const actor = {
      id: pick.linkWorkerId,
      zoneId: pick.zoneId,
      role: 'LINK_WORKER' as const,
      organisationId: null,
      sessionId: 0,
      period: pick.period,
    };
    const raised = await a.db.transaction((tx) =>
      raiseCommission(tx, actor, {
        childId: pick.childId,
        serviceId: pick.serviceId,
        units: 1,
        rationale: 'Raised on the scale seed',
        idempotencyKey: 'scale-seed-raise',
      }),
    );
    expect(raised.commissionId).toBeGreaterThan(0);
  }, 240_000);
});
