import { eq } from 'drizzle-orm';
import { commissions, fundingPots, services, zones } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { allocateFunds } from '../../schema/domain/allocations';
import type { CommissionAction } from '../../schema/domain/commission-machine';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import { creditPots } from '../../schema/domain/funding-pots';
import { closePeriod, setUnspentPolicy, type UnspentPolicy } from '../../schema/domain/period-close';
import type { Tx } from '../../schema/domain/transaction';
import DATA from './demo-previous-period.json';

type Step = [string, CommissionAction, { note?: string; units?: number }];

/**
 * A closed previous budget period: the zone is put back to DATA.period, its pots are funded and
 * allocated, commissions raised and (mostly) delivered, and the period is closed under DATA.policy,
 * all through the domain functions the API uses, so the ledger, the close report and reconcile
 * agree. Closing opens the period after it, the demo's current one. The live commission keeps its
 * reservation on the closed period (it settles there later).
 */
export async function seedPreviousPeriod(
  tx: Tx,
  ctx: {
    zoneId: number;
    people: Map<string, Viewer>;
    commissioner: Viewer;
    children: { id: number; linkWorkerId: number }[];
  },
): Promise<void> {
  const [zone] = await tx.select().from(zones).where(eq(zones.id, ctx.zoneId));
  await tx.update(zones).set({ currentPeriod: DATA.period }).where(eq(zones.id, ctx.zoneId));
  const pots = await tx
    .insert(fundingPots)
    .values(
      DATA.pots.map((p) => ({
        zoneId: ctx.zoneId,
        period: DATA.period,
        name: p.name,
        source: p.source as 'COUNCIL',
        totalPence: p.totalPence,
      })),
    )
    .returning({ id: fundingPots.id, totalPence: fundingPots.totalPence });
  await creditPots(tx, ctx.zoneId, ctx.commissioner.id, pots, 'Pot created');
  for (const [i, a] of DATA.allocations.entries())
    await allocateFunds(tx, ctx.commissioner, {
      fundingPotId: pots[a.pot]!.id,
      childIds: a.childIndexes.map((c) => ctx.children[c]!.id),
      amountPence: a.amountPence,
      idempotencyKey: `seed-previous-allocation-${i}`,
    });
  for (const [i, c] of DATA.commissions.entries()) {
    const child = ctx.children[c.childIndex]!;
    const worker = [...ctx.people.values()].find((p) => p.id === child.linkWorkerId)!;
    const [service] = await tx.select({ id: services.id }).from(services).where(eq(services.name, c.service));
    const { commissionId } = await raiseCommission(tx, worker, {
      childId: child.id,
      serviceId: service!.id,
      units: c.units,
      rationale: 'Agreed with the family at the review; fits the child’s plan.',
      idempotencyKey: `seed-previous-commission-${i}`,
    });
    const [raised] = await tx
      .select({ status: commissions.status })
      .from(commissions)
      .where(eq(commissions.id, commissionId));
    if (raised!.status === 'REQUESTED') await transitionCommission(tx, ctx.commissioner, 'approve', { commissionId });
    for (const [email, action, input] of c.steps as Step[])
      await transitionCommission(tx, ctx.people.get(email)!, action, { commissionId, ...input });
  }
  if (zone!.unspentPolicy !== DATA.policy) await setUnspentPolicy(tx, ctx.commissioner, DATA.policy as UnspentPolicy);
  const report = await closePeriod(tx, ctx.commissioner, DATA.period);
  if (report.nextPeriod !== zone!.currentPeriod)
    throw new Error(
      `demo-previous-period.json: closing ${DATA.period} opens ${report.nextPeriod}, not ${zone!.currentPeriod}`,
    );
  // The zone keeps the policy it had for the periods to come.
  if (zone!.unspentPolicy !== DATA.policy)
    await setUnspentPolicy(tx, ctx.commissioner, zone!.unspentPolicy as UnspentPolicy);
}
