import { createReadStream, statSync } from 'node:fs';
import cliProgress from 'cli-progress';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { loadPostcodes } from '../../schema/domain/postcodes-load';
import { loadEnv } from '../env';

// npm run postcodes:load -- FILE   (the ONS Postcode Directory CSV, e.g. ONSPD_NOV_2025_UK.csv)
const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error('Usage: npm run postcodes:load -- ONSPD_FILE.csv');
  process.exit(2);
}
let size: number;
try {
  size = statSync(file).size;
} catch {
  console.error(`Cannot read ${file}`);
  process.exit(1);
}
const env = loadEnv();
const handle = await createDb({ databaseUrl: env.DATABASE_URL, dataDir: env.DATABASE_URL ? undefined : env.DATA_DIR });
await migrate(handle);

const input = createReadStream(file);
const bar = process.stderr.isTTY
  ? new cliProgress.SingleBar(
      { format: 'Postcodes [{bar}] {percentage}% | {loaded} loaded, {terminated} terminated skipped' },
      cliProgress.Presets.shades_classic,
    )
  : null;
bar?.start(size, 0, { loaded: 0, terminated: 0 });
let lastLine = 0;
const t0 = performance.now();
try {
  const s = await loadPostcodes(handle.db, input, (p) => {
    bar?.update(input.bytesRead, { loaded: p.loaded, terminated: p.terminated });
    if (!bar && p.loaded - lastLine >= 100_000) {
      lastLine = p.loaded;
      console.log(`${p.loaded} postcodes loaded (${Math.round((100 * input.bytesRead) / size)}%)`);
    }
  });
  bar?.update(size);
  bar?.stop();
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `Loaded ${s.loaded} postcodes and ${s.outwards} outward codes from ${s.read} rows in ${seconds.toFixed(1)} s ` +
      `(${Math.round(s.read / seconds)} rows/s; ${s.terminated} terminated and ${s.invalid} without a location skipped)`,
  );
  await handle.close();
} catch (error) {
  bar?.stop();
  console.error(`The load stopped: ${(error as Error).message}`);
  await handle.close();
  process.exit(1);
}
