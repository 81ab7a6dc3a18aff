import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { zones } from '../../drizzle/schema';
import { runImport } from '../../schema/domain/openreferral/importer';
import { inTransaction } from '../../schema/domain/transaction';
import { fileReader } from '../../server/openreferral/readers';
import { ensureTaxonomy } from '../../server/seed/demo';
import { generateFeed } from '../oruk/generate-feed';

// `npm run bench:openreferral`: Open Referral import speed on an in-memory PGlite (or
// DATABASE_URL). Prints figures; asserts nothing. BENCH_IMPORT_SERVICES sets the feed size.

const COUNT = Number(process.env.BENCH_IMPORT_SERVICES ?? 5000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'oruk-bench-'));
const file = path.join(dir, 'feed.json');
const feed = generateFeed(COUNT, { brokenEvery: 100 });
await writeFile(file, JSON.stringify({ contents: feed.services }));

const handle = await createDb({ databaseUrl: process.env.DATABASE_URL });
await migrate(handle);
await inTransaction(handle.db, ensureTaxonomy);
const [zone] = await handle.db
  .insert(zones)
  .values({ slug: `bench-${Date.now() % 100000}`, name: 'Bench', currentPeriod: '2026-27' })
  .returning();

for (const label of ['first run (all new)', 'second run (unchanged)']) {
  const t0 = performance.now();
  const s = await runImport(handle.db, fileReader(file), { zoneId: zone!.id, location: `file:${file}` });
  const seconds = (performance.now() - t0) / 1000;
  console.log(
    `Import ${label}: ${s.read} services in ${seconds.toFixed(1)} s = ${Math.round(s.read / seconds)} services/s ` +
      `(${s.created} created, ${s.unchanged} unchanged, ${s.skipped} skipped; peak RSS ${Math.round(process.memoryUsage().rss / 1e6)} MB)`,
  );
}
await handle.close();
await rm(dir, { recursive: true });
