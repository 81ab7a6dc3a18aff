import { and, eq, inArray } from 'drizzle-orm';
import { children, districts, fundingPots, schools, users } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
import { allocateFunds } from '../../schema/domain/allocations';
import { createFund, type FundInput } from '../../schema/domain/district-funds';
import type { Tx } from '../../schema/domain/transaction';
import data from './data/demo-district-fund.json';

/** The demo zone's formula-split district fund, and a district lead and a school lead to see it. */
export async function seedDistrictFund(tx: Tx, commissioner: Viewer, passwordHash: string) {
  const zoneDistricts = await tx.select().from(districts).where(eq(districts.zoneId, commissioner.zoneId));
  const zoneSchools = await tx.select().from(schools).where(eq(schools.zoneId, commissioner.zoneId));
  const districtId = (name: string) => zoneDistricts.find((d) => d.name === name)!.id;
  await createFund(tx, commissioner, {
    ...data.fund,
    source: data.fund.source as FundInput['source'],
    formula: data.formula,
    factors: data.factors.map((f) => ({ ...f, districtId: districtId(f.district) })),
  });
  const leads = await tx
    .insert(users)
    .values(
      data.leads.map((l) => ({
        zoneId: commissioner.zoneId,
        email: l.email,
        name: l.name,
        role: l.role as 'DISTRICT_LEAD' | 'SCHOOL_LEAD',
        passwordHash,
        districtId: l.district ? districtId(l.district) : null,
        schoolId: l.school ? zoneSchools.find((s) => s.name === l.school)!.id : null,
      })),
    )
    .returning();
  await allocateFromDistrict(tx, commissioner, leads, districtId(data.leadAllocation.district));
}

/** The district lead gives each active child at their district's schools a share of the district's pot. */
async function allocateFromDistrict(
  tx: Tx,
  commissioner: Viewer,
  leads: (typeof users.$inferSelect)[],
  districtId: number,
) {
  const lead = leads.find((l) => l.role === 'DISTRICT_LEAD' && l.districtId === districtId)!;
  const [pot] = await tx.select().from(fundingPots).where(eq(fundingPots.districtId, districtId));
  const districtSchools = await tx.select({ id: schools.id }).from(schools).where(eq(schools.districtId, districtId));
  const pupils = await tx
    .select({ id: children.id })
    .from(children)
    .where(
      and(
        eq(children.status, 'ACTIVE'),
        inArray(
          children.schoolId,
          districtSchools.map((s) => s.id),
        ),
      ),
    );
  if (!pot || pupils.length === 0) return;
  await allocateFunds(
    tx,
    { ...commissioner, id: lead.id, role: 'DISTRICT_LEAD', districtId },
    {
      fundingPotId: pot.id,
      childIds: pupils.map((c) => c.id),
      amountPence: data.leadAllocation.amountPence,
      idempotencyKey: 'seed-district-allocation',
    },
  );
}
