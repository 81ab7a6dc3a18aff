import type { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { inArray, sql } from 'drizzle-orm';
import { toNormalised, toOutcode } from 'postcode';
import type { Db } from '../../drizzle/client';
import { jobRuns, postcodeOutwards, postcodes, postcodesEnded } from '../../drizzle/schema';
import { gridToWgs84 } from './osgb';
import { rowsOf } from './rows';

// Loads the ONS Postcode Directory (ONSPD, CSV with a header: pcds, doterm, lat, long, ...)
// into the postcode tables: streamed and written in batches (memory stays flat however big the
// file), terminated postcodes skipped, each postcode normalised by the maintained `postcode`
// library, and each outward code's centroid computed from its live postcodes. A postcode a later
// file marks terminated is removed, so it no longer resolves as current, and is kept in
// postcodes_ended with the month it ended, so a search can say so; one a later file lists live
// again leaves that table.
//
// Also reads Ordnance Survey Code-Point Open (CSV, one file per postcode area, usually without a
// header: Postcode, Positional_quality_indicator, Eastings, Northings, Country_code, ...), told
// apart from ONSPD by its first line. Its National Grid eastings and northings are converted to
// WGS84 (./osgb.ts); quality 90 means no coordinates. It lists live postcodes only.

export type PostcodeFormat = 'ONSPD' | 'CODE_POINT_OPEN';
// 'terminated' carries the postcode so a copy loaded from an earlier file can be removed, and the
// month it ended ('YYYY-MM', null when doterm is not one).
type Row =
  | { postcode: string; latitude: number; longitude: number }
  | { terminated: string | null; endedOn: string | null }
  | 'invalid'
  | 'notPostcode';

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
        const raw = r[pcds >= 0 ? pcds : pcd] ?? '';
        if (doterm >= 0 && r[doterm]?.trim()) return { terminated: toNormalised(raw), endedOn: monthOf(r[doterm]) };
        // An empty cell is no coordinate (Number('') would be 0).
        const coordinate = (i: number) => (r[i]?.trim() ? Number(r[i]) : Number.NaN);
        return point(raw, coordinate(lat), coordinate(long));
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
      if (!toNormalised(r[pc] ?? '')) return 'notPostcode';
      if (r[quality]?.trim() === '90' || !(e > 0 && n > 0 && e < 800000 && n < 1300000)) return 'invalid';
      const { latitude, longitude } = gridToWgs84(e, n);
      return point(r[pc] ?? '', latitude, longitude);
    },
  };
}

/** ONSPD's doterm, YYYYMM, as 'YYYY-MM'; null for anything else (an odd cell costs the month, not the load). */
export function monthOf(doterm: string): string | null {
  const m = /^(\d{4})-?(\d{2})$/.exec(doterm.trim());
  return m && Number(m[2]) >= 1 && Number(m[2]) <= 12 ? `${m[1]}-${m[2]}` : null;
}

function point(raw: string, latitude: number, longitude: number): Row {
  const postcode = toNormalised(raw);
  if (!postcode) return 'notPostcode';
  // ONSPD marks a postcode with no grid reference by latitude 99.999999. Anything outside the UK,
  // the Channel Islands and the Isle of Man (a longitude of 500, a 0,0) is no place either: it would
  // pull its outward code's centre with it.
  const inUk = latitude >= 49 && latitude <= 61 && longitude >= -9 && longitude <= 2.5;
  if (!Number.isFinite(latitude) || !Number.isFinite(longitude) || !inUk) return 'invalid';
  return { postcode, latitude, longitude };
}

const BATCH = 2000;

export type PostcodeLoadSummary = {
  read: number;
  loaded: number;
  terminated: number;
  /** Terminated postcodes an earlier file had loaded, now removed. */
  removed: number;
  /** Rows with a location we cannot use. */
  invalid: number;
  /** Rows whose postcode column holds no postcode at all (NOTAPC). */
  notPostcode: number;
  outwards: number;
  format: PostcodeFormat | null;
};

export async function loadPostcodes(
  db: Db,
  input: Readable,
  onProgress?: (s: PostcodeLoadSummary) => void,
): Promise<PostcodeLoadSummary> {
  const summary: PostcodeLoadSummary = {
    read: 0,
    loaded: 0,
    terminated: 0,
    removed: 0,
    invalid: 0,
    notPostcode: 0,
    outwards: 0,
    format: null,
  };
  // Every outward code the file touched (loaded or terminated): their centres are recomputed.
  const outwards = new Set<string>();
  // Outward codes that lost a postcode an earlier file loaded: gone too if none is left.
  const emptied = new Set<string>();
  // Keyed by postcode: one statement may not upsert the same row twice. The later row of a
  // postcode wins, so one is either written or removed, never both.
  let batch = new Map<string, { postcode: string; latitude: number; longitude: number }>();
  // Terminated postcodes and the month each ended.
  let ended = new Map<string, string | null>();
  const flush = async () => {
    if (!batch.size && !ended.size) return;
    const rows = [...batch.values()];
    const gone = [...ended].map(([postcode, endedOn]) => ({ postcode, endedOn }));
    batch = new Map();
    ended = new Map();
    // One transaction a batch: a postcode is never both live and ended, nor neither.
    const deleted = await db.transaction(async (tx) => {
      const removed = gone.length
        ? await tx
            .delete(postcodes)
            .where(
              inArray(
                postcodes.postcode,
                gone.map((g) => g.postcode),
              ),
            )
            .returning({ postcode: postcodes.postcode })
        : [];
      if (gone.length)
        await tx
          .insert(postcodesEnded)
          .values(gone)
          .onConflictDoUpdate({ target: postcodesEnded.postcode, set: { endedOn: sql`excluded."endedOn"` } });
      if (rows.length) {
        await tx
          .insert(postcodes)
          .values(rows)
          .onConflictDoUpdate({
            target: postcodes.postcode,
            set: { latitude: sql`excluded."latitude"`, longitude: sql`excluded."longitude"` },
          });
        // A newer file re-using a postcode: it is current again, no longer ended.
        await tx.delete(postcodesEnded).where(
          inArray(
            postcodesEnded.postcode,
            rows.map((r) => r.postcode),
          ),
        );
      }
      return removed;
    });
    summary.removed += deleted.length;
    for (const d of deleted) emptied.add(toOutcode(d.postcode)!);
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
    if (typeof row === 'string') {
      summary[row]++;
      continue;
    }
    if ('terminated' in row) {
      summary.terminated++;
      if (!row.terminated) continue;
      batch.delete(row.terminated);
      ended.set(row.terminated, row.endedOn);
      outwards.add(toOutcode(row.terminated)!);
    } else {
      ended.delete(row.postcode);
      batch.set(row.postcode, row);
      outwards.add(toOutcode(row.postcode)!);
    }
    if (batch.size + ended.size >= BATCH) await flush();
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
  // The emptied codes are among those touched, so one read of the postcodes serves both.
  summary.outwards = await recentre(db, [...outwards], [...emptied]);
  // Recorded so start-up never adds the shipped centroids again (ensureOutwardCentroids): an
  // outward code this load removed as emptied stays removed.
  const now = new Date();
  await db
    .insert(jobRuns)
    .values({ name: POSTCODES_LOAD_JOB, lastRunAt: now })
    .onConflictDoUpdate({ target: jobRuns.name, set: { lastRunAt: now } });
  return summary;
}

/** The job_runs row a postcodes load writes. */
export const POSTCODES_LOAD_JOB = 'postcodes-load';

/**
 * Each touched outward code's centre, from every postcode held for it after the load (each counted
 * once, whichever file loaded it); returns how many were centred. An outward code whose every
 * postcode a later file removed (all terminated) is removed too, so a search there says it does
 * not know the postcode, as for any unknown outward code, rather than placing it at the centre of
 * postcodes that no longer exist. Only codes that lost a postcode in this load: a terminated row
 * alone (for a code we held no postcodes of) leaves a centre as it is. One statement, so the
 * postcodes (not indexed by outward code) are read once for both.
 */
async function recentre(db: Db, outwards: string[], emptied: string[]): Promise<number> {
  if (!outwards.length) return 0;
  const centred = await db.execute(sql`
    with held as (
      select t.outward, avg(p.latitude) as latitude, avg(p.longitude) as longitude, count(p.postcode) as n
      from unnest(string_to_array(${outwards.join(',')}, ',')) as t(outward)
      left join ${postcodes} p on split_part(p.postcode, ' ', 1) = t.outward
      group by 1
    ),
    centred as (
      insert into ${postcodeOutwards} (outward, latitude, longitude)
      select outward, latitude, longitude from held where n > 0
      on conflict (outward) do update set latitude = excluded.latitude, longitude = excluded.longitude
      returning outward
    ),
    forgotten as (
      delete from ${postcodeOutwards} o
      using held
      where o.outward = held.outward and held.n = 0
        and held.outward = any(string_to_array(${emptied.join(',')}, ','))
    )
    select count(*)::int as n from centred`);
  return Number(rowsOf(centred)[0]?.n ?? 0);
}
