import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { migrate } from '../../drizzle/migrate';
import { runImport } from '../../schema/domain/openreferral/importer';
import { zoneBySlug } from '../../schema/domain/openreferral/publish';
import { loadEnv } from '../env';
import { readerFor } from '../openreferral/readers';
import { formatSummary } from '../openreferral/summary';
import { openDatabase } from './common';

// npm run import:oruk -- --zone SLUG [--dry-run] [--full] URL_OR_FILE
const usage = 'Usage: npm run import:oruk -- --zone SLUG [--dry-run] [--full] URL_OR_FILE';
let args: ReturnType<typeof parse>;
function parse() {
  return parseArgs({
    allowPositionals: true,
    options: { zone: { type: 'string' }, 'dry-run': { type: 'boolean' }, full: { type: 'boolean' } },
  });
}
try {
  args = parse();
} catch (e) {
  console.error(`${(e as Error).message}\n${usage}`);
  process.exit(2);
}
const target = args.positionals[0];
if (!args.values.zone || !target || args.positionals.length > 1) {
  console.error(usage);
  process.exit(2);
}

const env = loadEnv();
// A data folder the server holds is refused with its message only (who holds it), exit 1.
const handle = await openDatabase(env, 'npm run import:oruk');
await migrate(handle);
const zone = await zoneBySlug(handle.db, args.values.zone);
if (!zone) {
  console.error(`No partnership with the slug ${args.values.zone}`);
  await handle.close();
  process.exit(2);
}

const tty = process.stderr.isTTY;
const bar = tty
  ? new cliProgress.SingleBar(
      { format: 'Importing [{bar}] {value}/{total} services | {created} new, {updated} changed, {skipped} skipped' },
      cliProgress.Presets.shades_classic,
    )
  : null;
let started = false;
const location = /^https?:\/\//i.test(target) ? target.replace(/\/+$/, '') : `file:${target}`;
const t0 = performance.now();
// A feed that is slow or down says so while the import waits, not only at the end.
if (location !== `file:${target}`) console.error(`Reading ${target} (each request waits up to 30 s, tried 3 times)`);
const onRetry = (message: string) => console.error(`${started && bar ? '\n' : ''}${message}`);
try {
  const summary = await runImport(handle.db, readerFor(target, { onRetry }), {
    zoneId: zone.id,
    location,
    dryRun: args.values['dry-run'],
    full: args.values.full,
    onPage: (page, s) => {
      const counts = { created: s.created, updated: s.updated, skipped: s.skipped };
      if (bar) {
        if (!started) bar.start(page.totalItems ?? s.read, 0, counts);
        started = true;
        if (page.totalItems == null) bar.setTotal(Math.max(s.read, bar.getTotal()));
        bar.update(s.read, counts);
      } else {
        console.log(
          `page ${page.number}${page.totalPages ? `/${page.totalPages}` : ''}: ${s.read} read, ${s.created} new, ${s.updated} changed, ${s.unchanged} unchanged, ${s.skipped} skipped`,
        );
      }
    },
  });
  bar?.stop();
  console.log(formatSummary(summary, { dryRun: !!args.values['dry-run'], seconds: (performance.now() - t0) / 1000 }));
  await handle.close();
} catch (error) {
  bar?.stop();
  console.error(`Nothing could be read from ${target}: ${(error as Error).message}`);
  await handle.close();
  process.exit(1);
}
