import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { toNormalised, toOutcode } from 'postcode';
import type { Db } from '../../drizzle/client';
import { postcodeOutwards, postcodes } from '../../drizzle/schema';
import { gridToWgs84 } from './osgb';

// Loads the ONS Postcode Directory (ONSPD, CSV with a header: pcds, doterm, lat, long, ...)
// into the postcode tables: streamed and written in batches (memory stays flat however big the
// file), terminated postcodes skipped, each postcode normalised by the maintained `postcode`
// library, and each outward code's centroid computed from its live postcodes.
//
// Also reads Ordnance Survey Code-Point Open (CSV, one file per postcode area, usually without a
// header: Postcode, Positional_quality_indicator, Eastings, Northings, Country_code, ...), told
// apart from ONSPD by its first line. Its National Grid eastings and northings are converted to
// WGS84 (./osgb.ts); quality 90 means no coordinates. It lists live postcodes only.

export type PostcodeFormat = 'ONSPD' | 'CODE_POINT_OPEN';
type Row = { postcode: string; latitude: number; longitude: number } | 'terminated' | 'invalid';

/** No row held a postcode where ONSPD or Code-Point Open puts it: the wrong file, and nothing was written. */
export class NotAPostcodeFileError extends Error {}

/** Which file this is, from its first record, and how to read each record into a postcode and a point. */
export function readerFor(first: string[]): {
  format: PostcodeFormat;
  header: boolean;
  read: (r: string[]) => Row;
  /** The raw postcode column, to tell a postcode file from some other CSV. */
  postcodeOf: (r: string[]) => string;
} {
  const names = first.map((c) => c.trim().toLowerCase());
  if (names.includes('pcds') || names.includes('pcd')) {
    const at = (n: string) => names.indexOf(n);
    const [pcds, pcd, doterm, lat, long] = [at('pcds'), at('pcd'), at('doterm'), at('lat'), at('long')];
    return {
      format: 'ONSPD',
      header: true,
      postcodeOf: (r) => r[pcds >= 0 ? pcds : pcd] ?? '',
      read: (r) => {
        if (doterm >= 0 && r[doterm]?.trim()) return 'terminated';
        return point(r[pcds >= 0 ? pcds : pcd] ?? '', Number(r[lat]), Number(r[long]));
      },
    };
  }
  const header = names.includes('eastings');
  const col = (n: string, fallback: number) => (header ? names.indexOf(n) : fallback);
  const [pc, quality, east, north] = [
    col('postcode', 0),
    col('positional_quality_indicator', 1),
    col('eastings', 2),
    col('northings', 3),
  ];
  return {
    format: 'CODE_POINT_OPEN',
    header,
    postcodeOf: (r) => r[pc] ?? '',
    read: (r) => {
      const e = Number(r[east]);
      const n = Number(r[north]);
      if (r[quality]?.trim() === '90' || !(e > 0 && n > 0 && e < 800000 && n < 1300000)) return 'invalid';
      const { latitude, longitude } = gridToWgs84(e, n);
      return point(r[pc] ?? '', latitude, longitude);
    },
  };
}

function point(raw: string, latitude: number, longitude: number): Row {
  const postcode = toNormalised(raw);
  // ONSPD marks a postcode with no grid reference by latitude 99.999999.
  if (!postcode || !Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90)
    return 'invalid';
  return { postcode, latitude, longitude };
}

const BATCH = 2000;

export type PostcodeLoadSummary = {
  read: number;
  loaded: number;
  terminated: number;
  invalid: number;
  outwards: number;
  format: PostcodeFormat | null;
};

export async function loadPostcodes(
  db: Db,
  input: Readable,
  onProgress?: (s: PostcodeLoadSummary) => void,
): Promise<PostcodeLoadSummary> {
  const summary: PostcodeLoadSummary = { read: 0, loaded: 0, terminated: 0, invalid: 0, outwards: 0, format: null };
  const outwards = new Map<string, { lat: number; lon: number; n: number }>();
  // Keyed by postcode: one statement may not upsert the same row twice.
  let batch = new Map<string, { postcode: string; latitude: number; longitude: number }>();
  const flush = async () => {
    if (!batch.size) return;
    const rows = [...batch.values()];
    batch = new Map();
    await db
      .insert(postcodes)
      .values(rows)
      .onConflictDoUpdate({
        target: postcodes.postcode,
        set: { latitude: sql`excluded."latitude"`, longitude: sql`excluded."longitude"` },
      });
    summary.loaded += rows.length;
    onProgress?.(summary);
  };
  const parser = input.pipe(parse({ bom: true, relax_column_count: true, skip_empty_lines: true }));
  let reader: ReturnType<typeof readerFor> | null = null;
  // Until a row has a real postcode in the expected column, this may be some other CSV.
  let sawPostcode = false;
  for await (const record of parser as AsyncIterable<string[]>) {
    if (!reader) {
      reader = readerFor(record);
      summary.format = reader.format;
      if (reader.header) continue;
    }
    summary.read++;
    if (!sawPostcode) sawPostcode = toNormalised(reader.postcodeOf(record)) !== null;
    const row = reader.read(record);
    if (row === 'terminated' || row === 'invalid') {
      summary[row]++;
      continue;
    }
    const { postcode, latitude, longitude } = row;
    batch.set(postcode, { postcode, latitude, longitude });
    const outward = toOutcode(postcode)!;
    const o = outwards.get(outward) ?? { lat: 0, lon: 0, n: 0 };
    o.lat += latitude;
    o.lon += longitude;
    o.n++;
    outwards.set(outward, o);
    if (batch.size >= BATCH) await flush();
  }
  // Only rows with a postcode are ever written, so nothing was changed.
  if (!sawPostcode)
    throw new NotAPostcodeFileError(
      summary.read === 0
        ? 'it holds no rows'
        : `none of its ${summary.read} rows has a postcode where ONSPD (a header naming pcds) or Code-Point Open ` +
            '(the postcode in the first column) puts it',
    );
  await flush();
  const centroids = [...outwards].map(([outward, o]) => ({ outward, latitude: o.lat / o.n, longitude: o.lon / o.n }));
  for (let i = 0; i < centroids.length; i += BATCH) {
    await db
      .insert(postcodeOutwards)
      .values(centroids.slice(i, i + BATCH))
      .onConflictDoUpdate({
        target: postcodeOutwards.outward,
        set: { latitude: sql`excluded."latitude"`, longitude: sql`excluded."longitude"` },
      });
  }
  summary.outwards = centroids.length;
  return summary;
}
