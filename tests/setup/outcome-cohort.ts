import { eq } from 'drizzle-orm';
import { childBudgets, children, commissions, outcomeMeasures, schools, services, zones } from '../../drizzle/schema';
import { randomReference } from '../../schema/domain/commission-reference';
import { serviceId, userId } from './money';
import type { TestServer } from './server';

// Outcome cohorts for hand-computed figures on the test measure TEST_SCALE (its scores are written
// here directly, so the demo seed's SDQ histories cannot move them).

/** Lower is better; S_diff 10, so a fall of 20 points is a reliable improvement and 19 is not. */
export const TEST_MEASURE = {
  code: 'TEST_SCALE',
  name: 'Test scale',
  minScore: 0,
  maxScore: 100,
  better: 'LOWER',
  reliability: 0.5,
  reliabilitySource: 'Test manual, table 1',
  referenceSd: 10,
  referenceSdSource: 'Test manual, table 2',
};

let made = 0;
/** Children on the second caseload (test rows written straight to the database), each with a commission for the service and two scores. */
export async function cohort(
  s: TestServer,
  service: string,
  changes: number[],
  opts: { status?: 'ACCEPTED' | 'COMPLETED'; delivered?: number; baselineOn?: string } = {},
) {
  const [zone] = await s.db.select().from(zones).where(eq(zones.slug, 'demo'));
  const [school] = await s.db.select().from(schools).where(eq(schools.zoneId, zone!.id)).limit(1);
  const lw = await userId(s.db, 'linkworker2@demo.test');
  const svc = service
    ? (
        await s.db
          .select()
          .from(services)
          .where(eq(services.id, await serviceId(s.db, service)))
      )[0]!
    : null;
  const ids: number[] = [];
  for (const change of changes) {
    made++;
    const [child] = await s.db
      .insert(children)
      .values({
        zoneId: zone!.id,
        reference: `TST-${String(made).padStart(5, '0')}`,
        firstName: 'Test',
        lastName: `Child${made}`,
        dateOfBirth: '2015-01-01',
        yearGroup: 5,
        schoolId: school!.id,
        linkWorkerId: lw,
        programmeStart: '2026-01-01',
        programmeEnd: '2027-12-31',
      })
      .returning();
    ids.push(child!.id);
    if (svc) {
      const [budget] = await s.db
        .insert(childBudgets)
        .values({ zoneId: zone!.id, childId: child!.id, period: '2026-27', allocatedPence: 100_000 })
        .returning();
      await s.db.insert(commissions).values({
        reference: randomReference(),
        zoneId: zone!.id,
        childId: child!.id,
        budgetId: budget!.id,
        serviceId: svc.id,
        organisationId: svc.organisationId,
        linkWorkerId: lw,
        units: 4,
        unitPricePence: 4500,
        amountPence: 18_000,
        unitsDelivered: opts.delivered ?? 0,
        rationale: 'test',
        requestToProvider: 'test',
        status: opts.status ?? 'ACCEPTED',
        approvedAt: new Date('2026-01-15T10:00:00Z'),
        createdAt: '2026-01-15T10:00:00Z',
      });
    }
    await s.db.insert(outcomeMeasures).values([
      {
        childId: child!.id,
        measure: 'TEST_SCALE',
        score: 60,
        measuredOn: opts.baselineOn ?? '2026-01-10',
        recordedById: lw,
      },
      { childId: child!.id, measure: 'TEST_SCALE', score: 60 + change, measuredOn: '2026-07-10', recordedById: lw },
    ]);
  }
  return ids;
}
