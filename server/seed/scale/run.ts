import { sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { hashPassword } from '../../../schema/domain/auth';
import { rowsOf } from '../../../schema/domain/rows';
import { inTransaction } from '../../../schema/domain/transaction';
import { ensureTaxonomy } from '../demo';
import { type ScaleZone, seedOrganisations, seedServices } from './directory';
import { seedMoney } from './money';
import { seedPeople } from './people';
import { places, type ScalePlan, zoneSlug } from './plan';

export const SCALE_PASSWORD = 'scale-password-123';
const PERIOD = '2026-27';

/**
 * Seeds the planned zones, one transaction each; a zone already there is skipped, so a rerun
 * after an interruption resumes. onZone reports each zone done (n of plan.zones, skipped or not).
 */
export async function seedScale(db: Db, plan: ScalePlan, onZone: (n: number, seeded: boolean) => Promise<void> | void) {
  await inTransaction(db, ensureTaxonomy);
  const leaves = rowsOf(
    await db.execute(sql`select "id", "name" from "categories" where "parentId" is not null order by "id"`),
  ) as { id: number; name: string }[];
  // One hash for every account: hashing a million passwords would take hours.
  const passwordHash = await hashPassword(SCALE_PASSWORD);
  for (let n = 1; n <= plan.zones; n++) {
    const slug = zoneSlug(n);
    const place = places[(n - 1) % places.length]!;
    // Zones beyond the list of places sit a little north-east of an earlier one.
    const shift = Math.floor((n - 1) / places.length) * 0.07;
    const seeded = await inTransaction(db, async (tx) => {
      const [existing] = rowsOf(await tx.execute(sql`select 1 from "zones" where "slug" = ${slug}`));
      if (existing) return false;
      const [zone] = rowsOf(
        await tx.execute(sql`insert into "zones" ("slug", "name", "currentPeriod")
          values (${slug}, ${`${place.name} (scale ${n})`}, ${PERIOD}) returning "id"`),
      ) as { id: number }[];
      const z: ScaleZone = {
        id: Number(zone!.id),
        slug,
        name: place.name,
        place: { ...place, latitude: place.latitude + shift, longitude: place.longitude + shift },
      };
      await seedOrganisations(tx, z, plan.perZone.organisations);
      await seedServices(tx, z, plan.perZone.services, leaves);
      await seedPeople(tx, z, plan.perZone, passwordHash);
      await seedMoney(tx, z, plan.perZone, PERIOD);
      return true;
    });
    await onZone(n, seeded);
  }
  await db.execute(sql`analyze`);
}
