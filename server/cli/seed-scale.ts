import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { sql } from 'drizzle-orm';
import { rowsOf } from '../../schema/domain/rows';
import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { planScale } from '../seed/scale/plan';
import { SCALE_PASSWORD, seedScale } from '../seed/scale/run';
import { fail, openDatabase } from './common';

// npm run seed:scale -- --services 100000 --children 10000 --commissions 200000 [--zones N]
// Adds zones scale-001.. beside whatever is there; a zone already present is skipped, so an
// interrupted run resumes where it stopped.
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
const tally = sql`select (select count(*) from "services") + (select count(*) from "service_locations")
  + (select count(*) from "service_schedules") + (select count(*) from "service_categories")
  + (select count(*) from "service_languages") + (select count(*) from "organisations") + (select count(*) from "users")
  + (select count(*) from "children") + (select count(*) from "commissions") + (select count(*) from "commission_events")
  + (select count(*) from "ledger_entries") + (select count(*) from "allocations") as n`;
const count = async () => Number((rowsOf(await db.execute(tally))[0] as { n: string | number }).n);
const before = await count();
const every = Math.max(1, Math.floor(plan.zones / 10));
let rows = 0;
let skipped = 0;
await seedScale(db, plan, async (n, seeded) => {
  if (!seeded) skipped++;
  const report = n === plan.zones || n % every === 0;
  if (bar || report) rows = (await count()) - before;
  const rate = Math.round(rows / ((performance.now() - t0) / 1000));
  bar?.update(n, { rows, rate });
  if (!bar && report) console.log(`${n}/${plan.zones} zones, ${rows} rows, ${rate} rows/s`);
});
bar?.stop();
const seconds = (performance.now() - t0) / 1000;
console.log(
  `Done in ${seconds.toFixed(1)} s: ${rows} rows (${Math.round(rows / seconds)} rows/s)` +
    (skipped ? `; ${skipped} zones were already there and were left as they were` : '') +
    `. Every account's password: ${SCALE_PASSWORD}. Check the money with: npm run reconcile`,
);
await handle.close();
