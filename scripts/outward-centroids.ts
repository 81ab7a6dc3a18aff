import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'csv-parse';
import { toOutcode } from 'postcode';
import { readerFor } from '../schema/domain/postcodes-load';

// Generates server/seed/data/outward-centroids.csv, the national outward-code centroids the
// portal loads on every start (server/seed/outward-centroids.ts), from OS Code-Point Open (Open
// Government Licence) or the ONS Postcode Directory CSV:
//
//   npx tsx scripts/outward-centroids.ts PATH/TO/codepo_gb/Data/CSV [EDITION] > server/seed/data/outward-centroids.csv
//
// PATH is a folder of CSV files (Code-Point Open ships one per postcode area) or one file.
// Each postcode is read exactly as `npm run postcodes:load` reads it (same format detection,
// same National Grid to WGS84 conversion, terminated and unlocated postcodes skipped), and each
// outward code's centroid is the mean of its live postcodes' points, as the loader computes it.

const [source, edition = ''] = process.argv.slice(2);
if (!source) {
  console.error('Usage: npx tsx scripts/outward-centroids.ts CODE_POINT_OPEN_CSV_FOLDER_OR_FILE [EDITION]');
  process.exit(1);
}
const files = (await stat(source)).isDirectory()
  ? (await readdir(source))
      .filter((f) => f.toLowerCase().endsWith('.csv'))
      .sort()
      .map((f) => path.join(source, f))
  : [source];

// Keyed by postcode, as the loader's table is: each counted once, a later terminated row removes it.
const points = new Map<string, { latitude: number; longitude: number }>();
let read = 0;
let skipped = 0;
let format = '';
for (const file of files) {
  let reader: ReturnType<typeof readerFor> | null = null;
  const parser = createReadStream(file).pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!reader) {
      reader = readerFor(record);
      format = reader.format;
      if (reader.header) continue;
    }
    read++;
    const row = reader.read(record);
    if (typeof row === 'string' || 'terminated' in row) {
      skipped++;
      if (typeof row !== 'string' && row.terminated) points.delete(row.terminated);
      continue;
    }
    points.set(row.postcode, row);
  }
}
const sums = new Map<string, { lat: number; lon: number; n: number }>();
for (const [postcode, p] of points) {
  const outward = toOutcode(postcode);
  if (!outward) continue;
  const s = sums.get(outward) ?? { lat: 0, lon: 0, n: 0 };
  s.lat += p.latitude;
  s.lon += p.longitude;
  s.n++;
  sums.set(outward, s);
}

const lines = [...sums]
  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
  // Five decimal places: about a metre, far finer than an outward code's centre means.
  .map(([outward, s]) => `${outward},${(s.lat / s.n).toFixed(5)},${(s.lon / s.n).toFixed(5)}`);
process.stdout.write(`${['outward,latitude,longitude', ...lines].join('\n')}\n`);
console.error(
  `${sums.size} outward codes from ${points.size} located postcodes (${skipped} skipped) in ${files.length} ${format} files${edition ? `, edition ${edition}` : ''}`,
);
