import { eq } from 'drizzle-orm';
import { districts, schools, users } from '../../drizzle/schema';
import type { Viewer } from '../../schema/context';
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
  await tx.insert(users).values(
    data.leads.map((l) => ({
      zoneId: commissioner.zoneId,
      email: l.email,
      name: l.name,
      role: l.role as 'DISTRICT_LEAD' | 'SCHOOL_LEAD',
      passwordHash,
      districtId: l.district ? districtId(l.district) : null,
      schoolId: l.school ? zoneSchools.find((s) => s.name === l.school)!.id : null,
    })),
  );
}
