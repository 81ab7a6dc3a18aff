import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createDb } from '../../drizzle/client';
import { migrate } from '../../drizzle/migrate';
import { loadPostcodes } from '../../schema/domain/postcodes-load';

// `npm run bench:postcodes`: loads a generated ONS Postcode Directory file of
// BENCH_POSTCODE_ROWS rows (default 2.7 million, the size of the real one) into PGlite on disk
// (or DATABASE_URL) and prints rows a second and peak memory. Asserts nothing.
// BENCH_POSTCODE_FORMAT=codepoint generates OS Code-Point Open instead (no header, eastings and
// northings converted to WGS84 on the way in; about a tenth of its rows without coordinates,
// standing in for ONSPD's terminated ones).

const ROWS = Number(process.env.BENCH_POSTCODE_ROWS ?? 2_700_000);
const dir = await mkdtemp(path.join(os.tmpdir(), 'postcodes-bench-'));
const CODE_POINT = process.env.BENCH_POSTCODE_FORMAT === 'codepoint';
const file = path.join(dir, CODE_POINT ? 'codepoint.csv' : 'onspd.csv');
const letters = 'ABDEFGHJLNPQRSTUWXYZ';
{
  const out = createWriteStream(file);
  if (!CODE_POINT)
    out.write('pcd,pcd2,pcds,dointr,doterm,oslaua,usertype,oseast1m,osnrth1m,osgrdind,ctry,lat,long,lsoa21\n');
  for (let i = 0; i < ROWS; i++) {
    const area = ['SE', 'NW', 'B', 'M', 'LS', 'G', 'CF', 'BS'][i % 8];
    const outward = `${area}${(Math.floor(i / 8) % 99) + 1}`;
    const inward = `${Math.floor(i / 792) % 10}${letters[Math.floor(i / 7920) % 20]}${letters[Math.floor(i / 158400) % 20]}`;
    const pcds = `${outward} ${inward}`;
    const terminated = i % 10 === 0 ? '201912' : '';
    const [east, north] = i % 10 === 0 ? [0, 0] : [200000 + (i % 3000) * 100, 100000 + (i % 7000) * 100];
    const line = CODE_POINT
      ? `"${outward.padEnd(4)}${inward}",${i % 10 === 0 ? 90 : 10},${east},${north},"E92000001","E19000003","E18000007","","E09000028","E05011095"\n`
      : `${pcds.replace(' ', '')},${pcds},${pcds},198001,${terminated},E09000028,0,535013,176147,1,E92000001,${(50 + (i % 1000) / 250).toFixed(6)},${(-3 + (i % 700) / 200).toFixed(6)},E01004077\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}
const dataDir = path.join(dir, 'db');
const handle = await createDb({ databaseUrl: process.env.DATABASE_URL, dataDir });
await migrate(handle);

let peakRss = 0;
let peakHeap = 0;
const sample = () => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
};
const timer = setInterval(sample, 200);
const t0 = performance.now();
const summary = await loadPostcodes(handle.db, createReadStream(file), sample);
const seconds = (performance.now() - t0) / 1000;
clearInterval(timer);
console.log(
  `Postcodes: ${summary.read} rows in ${seconds.toFixed(1)} s = ${Math.round(summary.read / seconds)} rows/s ` +
    `${summary.format}: (${summary.loaded} loaded, ${summary.terminated} terminated and ${summary.invalid} without coordinates skipped, ${summary.outwards} outward codes); ` +
    `peak JS heap ${Math.round(peakHeap / 1e6)} MB, peak RSS ${Math.round(peakRss / 1e6)} MB (RSS includes the embedded database)`,
);
await handle.close();
await rm(dir, { recursive: true });
