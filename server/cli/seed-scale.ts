import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { hashPassword } from '../../schema/domain/auth';
import { rowsOf } from '../../schema/domain/rows';
import { inTransaction } from '../../schema/domain/transaction';
import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { ensureTaxonomy } from '../seed/demo';
import { type ScaleZone, seedOrganisations, seedServices } from '../seed/scale/directory';
import { seedMoney } from '../seed/scale/money';
import { seedPeople } from '../seed/scale/people';
import { places, planScale, zoneSlug } from '../seed/scale/plan';
import { fail, openDatabase } from './common';

// npm run seed:scale -- --services 100000 --children 10000 --commissions 200000 [--zones N]
// Adds zones scale-001.. beside whatever is there; a zone already present is skipped, so an
// interrupted run resumes where it stopped. Every account's password: scale-password-123.
const USAGE = 'Usage: npm run seed:scale -- --services N --children N --commissions N [--zones N]';
let values: Record<string, string | undefined>;
try {
  ({ values } = parseArgs({
    options: {
      services: { type: 'string' },
      children: { type: 'string' },
      commissions: { type: 'string' },
      zones: { type: 'string' },
    },
  }));
} catch (error) {
  fail(`${(error as Error).message}\n${USAGE}`, 2);
}
const figure = (name: string, max: number, fallback?: number) => {
  const raw = values[name];
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (raw === undefined || !Number.isInteger(n) || n < 0 || n > max)
    fail(`--${name} takes a whole number 0..${max}\n${USAGE}`, 2);
  return n;
};
const services = figure('services', 2_000_000);
const children = figure('children', 1_000_000);
const commissions = figure('commissions', 5_000_000, 0);
const zonesFlag = values.zones === undefined ? undefined : figure('zones', 999);
if (commissions > 0 && children === 0) fail('Commissions need children: give --children too', 2);
const plan = planScale({ services, children, commissions, zones: zonesFlag });

const env = loadEnv();
const handle = await openDatabase(env, 'npm run seed:scale');
await prepareDatabase(handle, { seed: 'none', logger: createLogger({ level: 'warn' }) });
const db = handle.db;
const leaves = rowsOf(
  await db.execute(sql`select "id", "name" from "categories" where "parentId" is not null order by "id"`),
) as { id: number; name: string }[];
if (leaves.length < 2) await inTransaction(db, ensureTaxonomy);
const passwordHash = await hashPassword('scale-password-123');
const period = '2026-27';

const p = plan.perZone;
console.log(
  `Seeding ${plan.zones} zones, each with ${p.services} services from ${p.organisations} organisations, ` +
    `${p.children} children, ${p.commissions} commissions (${env.DATABASE_URL ? 'PostgreSQL' : `PGlite in ${env.DATA_DIR}`})`,
);
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar(
      { format: 'Zones [{bar}] {value}/{total} | {rows} rows, {rate} rows/s' },
      cliProgress.Presets.shades_classic,
    )
  : null;
bar?.start(plan.zones, 0, { rows: 0, rate: 0 });
const t0 = performance.now();
let rows = 0;
let skipped = 0;
const tally = sql`select (select count(*) from "services") + (select count(*) from "service_locations")
  + (select count(*) from "service_schedules") + (select count(*) from "service_categories")
  + (select count(*) from "service_languages") + (select count(*) from "organisations") + (select count(*) from "users")
  + (select count(*) from "children") + (select count(*) from "commissions") + (select count(*) from "commission_events")
  + (select count(*) from "ledger_entries") + (select count(*) from "allocations") as n`;
const count = async () => Number((rowsOf(await db.execute(tally))[0] as { n: string | number }).n);
const before = await count();
for (let n = 1; n <= plan.zones; n++) {
  const slug = zoneSlug(n);
  const place = places[(n - 1) % places.length]!;
  // Zones beyond the list of places sit a little north-east of an earlier one.
  const shift = Math.floor((n - 1) / places.length) * 0.07;
  const done = await inTransaction(db, async (tx) => {
    const [existing] = rowsOf(await tx.execute(sql`select 1 from "zones" where "slug" = ${slug}`));
    if (existing) return false;
    const [zone] = rowsOf(
      await tx.execute(sql`insert into "zones" ("slug", "name", "currentPeriod")
        values (${slug}, ${`${place.name} (scale ${n})`}, ${period}) returning "id"`),
    ) as { id: number }[];
    const z: ScaleZone = {
      id: Number(zone!.id),
      slug,
      name: place.name,
      place: { ...place, latitude: place.latitude + shift, longitude: place.longitude + shift },
    };
    await seedOrganisations(tx, z, p.organisations);
    await seedServices(tx, z, p.services, leaves);
    await seedPeople(tx, z, p, passwordHash);
    await seedMoney(tx, z, p, period);
    return true;
  });
  if (!done) skipped++;
  if (done && (n === plan.zones || n % Math.max(1, Math.floor(plan.zones / 10)) === 0 || bar)) {
    rows = (await count()) - before;
  }
  const rate = Math.round(rows / ((performance.now() - t0) / 1000));
  bar?.update(n, { rows, rate });
  if (!bar && (n === plan.zones || n % Math.max(1, Math.floor(plan.zones / 10)) === 0)) {
    console.log(`${n}/${plan.zones} zones, ${rows} rows, ${rate} rows/s`);
  }
}
bar?.stop();
await db.execute(sql`analyze`);
const seconds = (performance.now() - t0) / 1000;
console.log(
  `Done in ${seconds.toFixed(1)} s: ${rows} rows (${Math.round(rows / seconds)} rows/s)` +
    (skipped ? `; ${skipped} zones were already there and were left as they were` : '') +
    '. Check the money with: npm run reconcile',
);
await handle.close();
