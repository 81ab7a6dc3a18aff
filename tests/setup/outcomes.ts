import { eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { schools, zones } from '../../drizzle/schema';
import { userId } from './money';

// Outcome tests grow cohorts of their own: children of the demo zone on the second link worker's
// caseload (the first's are the demo's), each with a budget and an accepted commission.

export type Caseload = { zoneId: number; schoolId: number; linkWorkerId: number };

/** The demo zone, its first school and linkworker2@demo.test: where a test's cohort lives. */
export async function secondCaseload(db: Db): Promise<Caseload> {
  const [zone] = await db.select().from(zones).where(eq(zones.slug, 'demo'));
  const [school] = await db.select().from(schools).where(eq(schools.zoneId, zone!.id)).limit(1);
  return { zoneId: zone!.id, schoolId: school!.id, linkWorkerId: await userId(db, 'linkworker2@demo.test') };
}

/** A child of the cohort, in the programme for 2026 and 2027 (reference e.g. AUD-00001). */
export const cohortChild = (at: Caseload, reference: string, firstName: string, lastName: string) => ({
  zoneId: at.zoneId,
  reference,
  firstName,
  lastName,
  dateOfBirth: '2015-01-01',
  yearGroup: 5,
  schoolId: at.schoolId,
  linkWorkerId: at.linkWorkerId,
  programmeStart: '2026-01-01',
  programmeEnd: '2027-12-31',
});

/** An accepted commission of a cohort child's budget for a service, raised and approved on 15 January 2026. */
export const acceptedCommission = (
  at: Caseload,
  row: {
    reference: string;
    childId: number;
    budgetId: number;
    service: { id: number; organisationId: number };
    units: number;
    unitPricePence: number;
    note: string;
  },
) => ({
  reference: row.reference,
  zoneId: at.zoneId,
  childId: row.childId,
  budgetId: row.budgetId,
  serviceId: row.service.id,
  organisationId: row.service.organisationId,
  linkWorkerId: at.linkWorkerId,
  units: row.units,
  unitPricePence: row.unitPricePence,
  amountPence: row.units * row.unitPricePence,
  rationale: row.note,
  requestToProvider: row.note,
  status: 'ACCEPTED' as const,
  approvedAt: new Date('2026-01-15T10:00:00Z'),
  createdAt: '2026-01-15T10:00:00Z',
});
