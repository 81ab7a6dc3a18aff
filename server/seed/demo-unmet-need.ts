import { eq } from 'drizzle-orm';
import { districts, schools, searchLogs, unmetNeeds } from '../../drizzle/schema';
import type { Tx } from '../../schema/domain/transaction';
import DATA from './data/demo-unmet-need.json';

const daysAgo = (days: number) => new Date(Date.now() - days * 86_400_000);

/** A few searches that found nothing and needs with no service (data/demo-unmet-need.json), so /unmet-need shows something. */
export async function seedUnmetNeed(
  tx: Tx,
  zoneId: number,
  children: { id: number; schoolId: number | null; linkWorkerId: number | null }[],
): Promise<void> {
  const zoneDistricts = await tx.select().from(districts).where(eq(districts.zoneId, zoneId));
  const districtId = (name: string | null) => (name ? (zoneDistricts.find((d) => d.name === name)?.id ?? null) : null);
  await tx.insert(searchLogs).values(
    DATA.searches.map((s) => ({
      zoneId,
      districtId: districtId(s.district),
      queryText: s.q,
      categorySlugs: s.category ? [s.category] : [],
      resultCount: s.results,
      signedIn: true,
      commissionFollowed: s.followed ?? false,
      searchedAt: daysAgo(s.daysAgo),
    })),
  );
  const schoolRows = await tx.select().from(schools).where(eq(schools.zoneId, zoneId));
  for (const n of DATA.needs) {
    const child = children[n.childIndex]!;
    await tx.insert(unmetNeeds).values({
      zoneId,
      childId: child.id,
      needTag: n.needTag,
      districtId: schoolRows.find((s) => s.id === child.schoolId)?.districtId ?? null,
      tried: n.tried,
      recordedById: child.linkWorkerId!,
      recordedAt: daysAgo(n.daysAgo),
    });
  }
}
