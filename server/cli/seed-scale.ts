import { sql } from 'drizzle-orm';
import { rowsOf } from '../../schema/domain/rows';
import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { planScale, zoneSlug } from '../seed/scale/plan';
import { SCALE_PASSWORD, ScaleSeedStopped, seedScale } from '../seed/scale/run';
import { commandLine } from './args';
import { fail, openDatabase, progress } from './common';

// npm run seed:scale -- --services 100000 --children 10000 --commissions 200000 [--zones N]
// A figure left out is 0, so `--services 1000000` alone seeds listings only (README's 1M bench).
// Adds zones scale-001.. beside whatever is there; a zone already present is skipped, so an
// interrupted run resumes where it stopped. A skipped zone keeps its old figures, and the run says
// so; a run that added nothing at all exits 1.
const USAGE =
  'Usage: npm run seed:scale -- [--services N] [--children N] [--commissions N] [--zones N] (a figure left out is 0)';
const { values } = commandLine(USAGE, {
  options: {
    services: { type: 'string' },
    children: { type: 'string' },
    commissions: { type: 'string' },
    zones: { type: 'string' },
  },
  about: 'Adds zones scale-001.. of made-up data for measuring; a zone already there is kept as it is.',
});
// Digits only: Number() would take 1e3, 0x10 and 1.0 as figures the operator did not type.
const figure = (name: string, min: number, max: number, fallback?: number) => {
  const raw = values[name as keyof typeof values];
  if (raw === undefined && fallback !== undefined) return fallback;
  const n = Number(raw);
  if (raw === undefined || !/^\d+$/.test(raw) || n < min || n > max)
    fail(`--${name} takes a whole number ${min}..${max} (digits only), not ${JSON.stringify(raw ?? '')}. ${USAGE}`, 2);
  return n;
};
const services = figure('services', 0, 2_000_000, 0);
const children = figure('children', 0, 1_000_000, 0);
const commissions = figure('commissions', 0, 5_000_000, 0);
// At least one zone: the figures are shared out between them.
const zonesFlag = values.zones === undefined ? undefined : figure('zones', 1, 999);
if (commissions > 0 && children === 0) fail('Commissions need children: give --children too', 2);
if (services === 0 && children === 0) fail(`Nothing to seed: give --services or --children above 0. ${USAGE}`, 2);
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
// Counting the rows is a query over every table: on each zone for the bar, but only every tenth
// zone (and the last) when plain lines are printed.
const meter = progress<{ rows: number; rate: number }>({
  format: 'Zones [{bar}] {value}/{total} | {rows} rows, {rate} rows/s',
  step: Math.max(1, Math.floor(plan.zones / 10)),
  line: (n, { rows, rate }) => `${n}/${plan.zones} zones, ${rows} rows, ${rate} rows/s`,
});
meter.start(plan.zones, { rows: 0, rate: 0 });
const t0 = performance.now();
const tally = sql`select (select count(*) from "services") + (select count(*) from "service_locations")
  + (select count(*) from "service_schedules") + (select count(*) from "service_categories")
  + (select count(*) from "service_languages") + (select count(*) from "organisations") + (select count(*) from "users")
  + (select count(*) from "children") + (select count(*) from "commissions") + (select count(*) from "commission_events")
  + (select count(*) from "ledger_entries") + (select count(*) from "allocations") as n`;
const count = async () => Number((rowsOf(await db.execute(tally))[0] as { n: string | number }).n);
const before = await count();
let rows = 0;
const kept: string[] = [];
// Ctrl-C or SIGTERM: the zone in progress is rolled back at its next step, earlier zones stay.
let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => (stopping = true));
try {
  await seedScale(
    db,
    plan,
    async (n, seeded) => {
      if (!seeded) kept.push(zoneSlug(n));
      const last = n === plan.zones;
      if (meter.due(n, last)) rows = (await count()) - before;
      const rate = Math.round(rows / ((performance.now() - t0) / 1000));
      meter.update({ rows, rate }, { count: n, last });
    },
    () => stopping,
  );
} catch (error) {
  if (!(error instanceof ScaleSeedStopped)) throw error;
  meter.stop();
  await handle.close();
  console.error(
    `Stopped after ${error.zonesDone} of ${plan.zones} zones (the zone in progress was rolled back); ` +
      'run the same command again to resume.',
  );
  process.exit(130);
}
meter.stop();
const seconds = (performance.now() - t0) / 1000;
await handle.close();
const named = kept.length > 6 ? `${kept.slice(0, 5).join(', ')} … ${kept.at(-1)}` : kept.join(', ');
// Not an error: the seed is in place (benches rerun it to reuse their data), but it says so plainly.
if (kept.length === plan.zones) {
  console.log(
    `Nothing was added: every zone this run would make (${named}) was already there, and was kept as it is ` +
      `with the figures it was first seeded with. To seed other figures, use an empty DATA_DIR or database.`,
  );
  process.exit(0);
}
console.log(
  `Done in ${seconds.toFixed(1)} s: ${rows} rows (${Math.round(rows / seconds)} rows/s). ` +
    `Every account's password: ${SCALE_PASSWORD}. Check the money with: npm run reconcile`,
);
if (kept.length > 0)
  console.log(
    `${kept.length} of ${plan.zones} zones (${named}) were already there and were kept as they are: ` +
      `their figures were not changed to the ones asked for now.`,
  );
