import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { migrate } from '../../drizzle/migrate';
import { loadPostcodes, NotAPostcodeFileError } from '../../schema/domain/postcodes-load';
import { loadEnv } from '../env';
import { ensureOutwardCentroids } from '../seed/outward-centroids';
import { commandLine } from './args';
import { openDatabase, progress } from './common';

// npm run postcodes:load -- FILE_OR_FOLDER: the ONS Postcode Directory CSV (ONSPD_NOV_2025_UK.csv),
// or OS Code-Point Open (one CSV, or its Data/CSV folder of one file per postcode area), told
// apart by the first line.
const USAGE = 'Usage: npm run postcodes:load -- ONSPD.csv | CODE-POINT-OPEN.csv | CODE-POINT-OPEN-CSV-FOLDER';
const file = commandLine(USAGE, { files: { min: 1, max: 1 } }).files[0] as string;
let size: number;
let files: string[];
try {
  files = statSync(file).isDirectory()
    ? readdirSync(file)
        .filter((f) => f.toLowerCase().endsWith('.csv'))
        .sort()
        .map((f) => path.join(file, f))
    : [file];
  size = files.reduce((t, f) => t + statSync(f).size, 0);
  if (!files.length) throw new Error('no CSV files');
} catch {
  console.error(`Cannot read ${file}`);
  process.exit(1);
}
const env = loadEnv();
// A load may make the portal's database in a new folder; if the file is refused, the folder goes
// again, so a mistyped DATA_DIR is not left holding an empty database and "nothing was changed" holds.
const madeFolder = !env.DATABASE_URL && !existsSync(env.DATA_DIR);
const handle = await openDatabase(env, 'npm run postcodes:load');
await migrate(handle);
// The shipped national centroids first, as a start would add them: after a load, no start does.
await ensureOutwardCentroids(handle.db);

// One stream of every file in turn (Code-Point Open's area files have no header, so they join).
const input = new PassThrough();
let bytesRead = 0;
(async () => {
  for (const f of files) {
    for await (const chunk of createReadStream(f)) {
      bytesRead += chunk.length;
      if (!input.write(chunk)) await new Promise((r) => input.once('drain', r));
    }
    if (files.length > 1) input.write('\n');
  }
  input.end();
})().catch((e) => input.destroy(e));
// The bar follows the bytes read (the total is known); a plain line every 100,000 postcodes loaded.
const meter = progress<{ loaded: number; terminated: number }>({
  format: 'Postcodes [{bar}] {percentage}% | {loaded} loaded, {terminated} terminated skipped',
  step: 100_000,
  line: (loaded) => `${loaded} postcodes loaded (${Math.round((100 * bytesRead) / size)}%)`,
});
meter.start(size, { loaded: 0, terminated: 0 });
const t0 = performance.now();
try {
  const s = await loadPostcodes(handle.db, input, (p) => {
    meter.update({ loaded: p.loaded, terminated: p.terminated }, { count: p.loaded, value: bytesRead });
  });
  meter.stop(size);
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `Loaded ${s.loaded} postcodes and ${s.outwards} outward codes from ${s.read} rows in ${seconds.toFixed(1)} s ` +
      `(${Math.round(s.read / seconds)} rows/s; ${s.terminated} terminated skipped, ${s.removed} of them removed as ` +
      `loaded before; ${s.invalid} without a location and ${s.notPostcode} not a postcode skipped)`,
  );
  await handle.close();
} catch (error) {
  meter.stop();
  console.error(
    error instanceof NotAPostcodeFileError
      ? `${file} is not an ONSPD or Code-Point Open file: ${error.message}. Nothing was changed.`
      : `The load stopped: ${(error as Error).message}`,
  );
  await handle.close();
  if (madeFolder && error instanceof NotAPostcodeFileError) rmSync(env.DATA_DIR, { recursive: true, force: true });
  process.exit(1);
}
