import { existsSync } from 'node:fs';
import { migrate } from '../../drizzle/migrate';
import { ImportRunningError } from '../../schema/domain/openreferral/import-lock';
import { type ImportSummary, runImport } from '../../schema/domain/openreferral/importer';
import { zoneBySlug } from '../../schema/domain/openreferral/publish';
import { loadEnv } from '../env';
import { readerFor } from '../openreferral/readers';
import { isUrl, sourceLocation } from '../openreferral/source-location';
import { everySkippedLine, failureLine, formatSummary, pageLine } from '../openreferral/summary';
import { commandLine } from './args';
import { fail, openDatabase, progress } from './common';

// npm run import:oruk -- --zone SLUG [--dry-run] [--full] [--source NAME] URL_OR_FILE
const USAGE = 'Usage: npm run import:oruk -- --zone SLUG [--dry-run] [--full] [--source NAME] URL_OR_FILE_OR_FOLDER';
const { values, files } = commandLine(USAGE, {
  options: {
    zone: { type: 'string' },
    'dry-run': { type: 'boolean' },
    full: { type: 'boolean' },
    source: { type: 'string' },
  },
  files: { min: 1, max: 1 },
  about:
    '  --source NAME  a file\'s source (default "export"): files loaded under one name update and\n' +
    '                 withdraw the same listings, whatever each file is called (a URL is its own source)',
});
const target = files[0]!;
if (!values.zone) fail(`Missing --zone SLUG: the partnership to import into. ${USAGE}`, 2);
// A file or folder that is not there is said before the database is opened.
if (!isUrl(target) && !existsSync(target)) fail(`Cannot read ${target}: there is no such file or folder`);

const env = loadEnv();
// A data folder the server holds is refused with its message only (who holds it), exit 1; one with
// no portal database (a mistyped DATA_DIR) is refused, not made: there is no partnership to import into.
const handle = await openDatabase(env, 'npm run import:oruk', { existing: true });
await migrate(handle);
const zone = await zoneBySlug(handle.db, values.zone);
if (!zone) {
  console.error(`No partnership with the slug ${values.zone}`);
  await handle.close();
  process.exit(2);
}

// A line for every page (its number is the count, step 1); the bar counts services, its total from
// the feed's total_items (the count read when the run finishes); when the feed does not say, a count alone.
const meter = progress<ImportSummary & { of: string }>({
  format: 'Importing [{bar}] {value}/{total} services | {created} new, {updated} changed, {skipped} skipped',
  // A file, or a feed without total_items: how many so far, not a bar always full.
  countOnly: 'Importing {value} services | {created} new, {updated} changed, {skipped} skipped',
  step: 1,
  line: pageLine,
});
const location = sourceLocation(target, values.source);
const t0 = performance.now();
// A feed that is slow or down says so while the import waits, not only at the end.
if (isUrl(target)) console.error(`Reading ${target} (each request waits up to 30 s, tried 3 times)`);
try {
  const summary = await runImport(handle.db, readerFor(target, { onRetry: meter.note }), {
    zoneId: zone.id,
    location,
    dryRun: values['dry-run'],
    full: values.full,
    onPage: (page, s) => {
      const of = page.totalPages ? `/${page.totalPages}` : '';
      meter.update({ ...s, of }, { count: page.number, value: s.read, total: page.totalItems ?? undefined });
    },
  });
  // A finished run has read them all: its count is the total, whatever total_items said.
  if (summary.interrupted) meter.stop();
  else meter.stop(summary.read, summary.read);
  console.log(formatSummary(summary, { dryRun: !!values['dry-run'], seconds: (performance.now() - t0) / 1000 }));
  // The run and its notes are recorded either way; a run that took none of what it read is no success.
  const everySkipped = everySkippedLine(summary);
  if (everySkipped) console.log(everySkipped);
  await handle.close();
  // An interrupted run is not done: a script or cron job must see it did not finish.
  if (summary.interrupted || everySkipped) process.exit(1);
} catch (error) {
  meter.stop();
  // Another run of the source: said as it is (nothing was read, and the source is left to it).
  console.error(error instanceof ImportRunningError ? error.message : failureLine(target, error));
  await handle.close();
  process.exit(1);
}
