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

/** Thrown when asked to stop: the zone in progress is rolled back, the ones before it stay. */
export class ScaleSeedStopped extends Error {
  constructor(readonly zonesDone: number) {
    super(`stopped after ${zonesDone} zones`);
  }
}

/**
 * Seeds the planned zones, one transaction each; a zone already there is skipped, so a rerun
 * after an interruption resumes. onZone reports each zone done (n of plan.zones, skipped or not).
 * stopRequested is checked between the steps of a zone (a signal): the zone's transaction is then
 * rolled back and ScaleSeedStopped thrown, so a stop is prompt and leaves no half-written zone.
 */
export async function seedScale(
  db: Db,
  plan: ScalePlan,
  onZone: (n: number, seeded: boolean) => Promise<void> | void,
  stopRequested: () => boolean = () => false,
) {
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
    // PGlite answers without a turn of the event loop, so a signal is only seen if we yield here.
    const check = async () => {
      await new Promise((resolve) => setImmediate(resolve));
      if (stopRequested()) throw new ScaleSeedStopped(n - 1);
    };
    await check();
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
      await check();
      await seedServices(tx, z, plan.perZone.services, leaves);
      await check();
      await seedPeople(tx, z, plan.perZone, passwordHash);
      await check();
      await seedMoney(tx, z, plan.perZone, PERIOD);
      await check();
      return true;
    });
    await onZone(n, seeded);
  }
  // Vacuumed as well as analysed: the visibility maps that index-only scans need are set now rather
  // than whenever autovacuum comes (PGlite has none), so benches meet the tables as a live system would.
  await db.execute(sql`vacuum (analyze)`);
}
