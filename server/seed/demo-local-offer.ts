import { and, eq } from 'drizzle-orm';
import { districts, localOfferDigests, schools } from '../../drizzle/schema';
import { buildLocalOffer, digestedServices, scopeOf } from '../../schema/domain/local-offer';
import { periodOf } from '../../schema/domain/local-offer-send';
import type { Tx } from '../../schema/domain/transaction';
import DEMO from './data/demo-local-offer.json';

/** Earlier local offer digests, so the demo's digest pages show new, changed and withdrawn services. */
export async function seedLocalOfferDigests(tx: Tx, zoneId: number, now = new Date()): Promise<void> {
  for (const d of DEMO.digests) {
    const [district] = await tx
      .select()
      .from(districts)
      .where(and(eq(districts.zoneId, zoneId), eq(districts.name, d.district)));
    if (!district) throw new Error(`demo-local-offer.json: no district ${d.district}`);
    let schoolId: number | null = null;
    if ('school' in d && d.school) {
      const [school] = await tx
        .select()
        .from(schools)
        .where(and(eq(schools.zoneId, zoneId), eq(schools.name, d.school)));
      if (!school) throw new Error(`demo-local-offer.json: no school ${d.school}`);
      schoolId = school.id;
    }
    const at = new Date(now.getTime() - d.daysAgo * 86_400_000);
    const offer = (await buildLocalOffer(tx, { zoneId, districtId: district.id, schoolId, now: at }))!;
    const services = digestedServices(offer)
      .filter((s) => !DEMO.notYetListed.includes(s.name))
      .map((s) =>
        DEMO.changedSince.includes(s.name)
          ? { ...s, lastModified: new Date(at.getTime() - 86_400_000).toISOString() }
          : s,
      );
    // A service that has gone: a negative id, which no listing ever has.
    const withdrawn = DEMO.withdrawn.map((name, i) => ({ id: -1 - i, name, lastModified: at.toISOString() }));
    await tx.insert(localOfferDigests).values({
      zoneId,
      districtId: district.id,
      schoolId,
      scope: scopeOf(district.id, schoolId),
      period: periodOf('MONTHLY', now),
      generatedAt: at,
      recipients: 1,
      services: [...services, ...withdrawn],
    });
  }
}
