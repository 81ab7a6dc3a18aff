import { eq } from 'drizzle-orm';
import { fundingPots, services } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import { londonDate } from '../../schema/domain/contract-places';
import { createContract, signContract } from '../../schema/domain/contracts';
import { createPaymentRun, markPaymentRunPaid } from '../../schema/domain/payment-runs';
import type { Tx } from '../../schema/domain/transaction';
import DATA from './demo-contracts.json';

const monthsFrom = (date: Date, months: number) => {
  const d = new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1));
  return d;
};

/**
 * Two signed contracts with places drawn down, and a paid payment run of what is payable today,
 * through the same domain functions the API uses (so the demo ledger reconciles).
 */
export async function seedContracts(
  tx: Tx,
  ctx: { people: Map<string, Viewer>; commissioner: Viewer; children: { id: number }[]; now?: Date },
): Promise<void> {
  const now = ctx.now ?? new Date();
  const provider = (organisationId: number) =>
    [...ctx.people.values()].find((p) => p.role === 'PROVIDER' && p.organisationId === organisationId)!;
  for (const [i, c] of DATA.contracts.entries()) {
    const [service] = await tx.select().from(services).where(eq(services.name, c.service));
    const [pot] = await tx.select().from(fundingPots).where(eq(fundingPots.name, c.pot));
    const start = monthsFrom(now, -c.startMonthsAgo);
    const end = new Date(monthsFrom(start, c.months).getTime() - 86_400_000);
    const draft = await createContract(tx, ctx.commissioner, {
      serviceId: service!.id,
      fundingPotId: pot!.id,
      places: c.places,
      pricePerPlacePence: c.pricePerPlacePence,
      startDate: start.toISOString().slice(0, 10),
      endDate: end.toISOString().slice(0, 10),
    });
    await signContract(tx, ctx.commissioner, draft.id, now);
    for (const [j, d] of c.draws.entries()) {
      const { commissionId } = await raiseCommission(
        tx,
        ctx.people.get(d.linkWorker)!,
        {
          childId: ctx.children[d.childIndex]!.id,
          serviceId: service!.id,
          units: d.places,
          rationale: 'A place on the block contract, agreed at the family review.',
          idempotencyKey: `seed-contract-${i}-${j}`,
          contractId: draft.id,
        },
        now,
      );
      for (const step of d.steps)
        await transitionCommission(tx, provider(service!.organisationId), step as 'accept', { commissionId });
    }
  }
  const { runId } = await createPaymentRun(tx, ctx.commissioner, londonDate(now));
  await markPaymentRunPaid(tx, ctx.commissioner, runId, DATA.paymentRun.financeReference, now);
}
