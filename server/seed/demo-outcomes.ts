import { eq, inArray } from 'drizzle-orm';
import { children, fundingPots, outcomeMeasures, services } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { allocateFunds } from '../../schema/domain/allocations';
import { raiseCommission, transitionCommission } from '../../schema/domain/commissions';
import type { Tx } from '../../schema/domain/transaction';
import { birthYear, FIRST_NAMES, LAST_NAMES, NEEDS, yearsTaken } from './demo-borough';
import { seedConsents } from './demo-consents';
import HISTORY from './demo-outcomes.json';
import type { seededRandom } from './random';

type Context = {
  zoneId: number;
  schools: { id: number; phase: string }[];
  people: Map<string, Viewer>;
  commissioner: Viewer;
  /** The first caseload's children, in seed order. */
  caseload: { id: number }[];
  rnd: ReturnType<typeof seededRandom>;
};

/**
 * Outcome histories so that every outcome report shows something: a past cohort commissioned,
 * delivered and completed through the same domain functions users use, with SDQ scores before and
 * after, and goals and wellbeing scores on the first caseload (demo-outcomes.json).
 */
export async function seedOutcomeHistories(tx: Tx, ctx: Context): Promise<void> {
  const worker = ctx.people.get(HISTORY.linkWorker)!;
  const [pot] = await tx.select().from(fundingPots).where(eq(fundingPots.name, HISTORY.allocation.pot));
  const cohort: number[] = [];
  let n = 0;
  const made: { childId: number; group: (typeof HISTORY.groups)[number]; scores: number[] }[] = [];
  for (const group of HISTORY.groups) {
    for (const scores of group.children) {
      const school = ctx.schools[(n * 7) % ctx.schools.length]!;
      const yearGroup = ctx.rnd.int(...yearsTaken(school.phase, 2, 8));
      const [child] = await tx
        .insert(children)
        .values({
          zoneId: ctx.zoneId,
          reference: `RVB-${Array.from({ length: 5 }, () => ctx.rnd.pick([...'23456789ABCDEFGHJKLMNPQRSTUVWXYZ'])).join('')}`,
          firstName: FIRST_NAMES[(n * 5 + 3) % FIRST_NAMES.length]!,
          lastName: LAST_NAMES[(n * 11 + 2) % LAST_NAMES.length]!,
          dateOfBirth: `${birthYear(yearGroup)}-${String(ctx.rnd.int(9, 12)).padStart(2, '0')}-${String(ctx.rnd.int(1, 28)).padStart(2, '0')}`,
          yearGroup,
          schoolId: school.id,
          linkWorkerId: worker.id,
          programmeStart: HISTORY.programmeStart,
          programmeEnd: HISTORY.programmeEnd,
          needs: [ctx.rnd.pick(NEEDS)],
          status: 'ACTIVE',
        })
        .returning();
      n++;
      cohort.push(child!.id);
      made.push({ childId: child!.id, group, scores });
    }
  }
  await seedConsents(
    tx,
    cohort.map((id) => ({ id, linkWorkerId: worker.id })),
    [worker],
  );
  await allocateFunds(tx, ctx.commissioner, {
    fundingPotId: pot!.id,
    childIds: cohort,
    amountPence: HISTORY.allocation.amountPence,
    idempotencyKey: 'seed-outcome-cohort-allocation',
  });
  const raises: { i: number; childId: number; group: (typeof made)[number]['group'] }[] = [];
  for (const [i, { childId, group, scores }] of made.entries()) {
    await tx.insert(outcomeMeasures).values(
      scores.map((score, j) => ({
        childId,
        measure: 'SDQ_TOTAL',
        score,
        measuredOn: HISTORY.scoreDates[j]!,
        recordedById: worker.id,
        note: ['Baseline', 'Midway review', 'Exit'][j] ?? '',
      })),
    );
    if (group.service) raises.push({ i, childId, group });
  }
  // Raised in date order, so ids follow createdAt as for any real commission (the list is newest
  // raised first), and dated then: the commission, its approval and its RAISED and AUTO_APPROVED events.
  raises.sort((a, b) => a.group.raisedOn!.localeCompare(b.group.raisedOn!));
  for (const { i, childId, group } of raises) {
    const [service] = await tx.select().from(services).where(eq(services.name, group.service!));
    const provider = ctx.people.get(group.provider!)!;
    const raised = new Date(`${group.raisedOn}T10:00:00Z`);
    const { commissionId } = await raiseCommission(
      tx,
      worker,
      {
        childId,
        serviceId: service!.id,
        units: group.units!,
        rationale: 'Agreed with the family at the baseline review.',
        idempotencyKey: `seed-outcome-commission-${i}`,
      },
      undefined,
      raised,
    );
    await transitionCommission(tx, provider, 'accept', { commissionId });
    await transitionCommission(tx, provider, 'recordDelivery', { commissionId, units: group.units! });
    await transitionCommission(tx, provider, 'complete', { commissionId });
  }
  // The cohort's programme has ended.
  await tx.update(children).set({ status: 'COMPLETED' }).where(inArray(children.id, cohort));

  for (const extra of HISTORY.caseloadExtras) {
    const child = ctx.caseload[extra.child]!;
    await tx.insert(outcomeMeasures).values(
      extra.scores.map(([measuredOn, score]) => ({
        childId: child.id,
        measure: extra.measure,
        item: extra.item,
        score: score as number,
        measuredOn: measuredOn as string,
        recordedById: ctx.people.get('linkworker@demo.test')!.id,
      })),
    );
  }
}
