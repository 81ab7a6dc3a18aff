import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { sql } from 'drizzle-orm';
import { toNormalised, toOutcode } from 'postcode';
import type { Db } from '../../drizzle/client';
import { postcodeOutwards, postcodes } from '../../drizzle/schema';

// Loads the ONS Postcode Directory (ONSPD, CSV with a header: pcds, doterm, lat, long, ...)
// into the postcode tables: streamed and written in batches (memory stays flat however big the
// file), terminated postcodes skipped, each postcode normalised by the maintained `postcode`
// library, and each outward code's centroid computed from its live postcodes.

const BATCH = 2000;

export type PostcodeLoadSummary = {
  read: number;
  loaded: number;
  terminated: number;
  invalid: number;
  outwards: number;
};

export async function loadPostcodes(
  db: Db,
  input: Readable,
  onProgress?: (s: PostcodeLoadSummary) => void,
): Promise<PostcodeLoadSummary> {
  const summary: PostcodeLoadSummary = { read: 0, loaded: 0, terminated: 0, invalid: 0, outwards: 0 };
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
  const parser = input.pipe(parse({ columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), bom: true }));
  for await (const record of parser as AsyncIterable<Record<string, string>>) {
    summary.read++;
    if (record.doterm?.trim()) {
      summary.terminated++;
      continue;
    }
    const postcode = toNormalised(record.pcds ?? record.pcd ?? '');
    const latitude = Number(record.lat);
    const longitude = Number(record.long);
    // ONSPD marks a postcode with no grid reference by latitude 99.999999.
    if (!postcode || !Number.isFinite(latitude) || !Number.isFinite(longitude) || Math.abs(latitude) > 90) {
      summary.invalid++;
      continue;
    }
    batch.set(postcode, { postcode, latitude, longitude });
    const outward = toOutcode(postcode)!;
    const o = outwards.get(outward) ?? { lat: 0, lon: 0, n: 0 };
    o.lat += latitude;
    o.lon += longitude;
    o.n++;
    outwards.set(outward, o);
    if (batch.size >= BATCH) await flush();
  }
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
