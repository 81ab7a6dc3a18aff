import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { count, eq } from 'drizzle-orm';
import type { Db } from '../../drizzle/client';
import { jobRuns, postcodeOutwards } from '../../drizzle/schema';
import { POSTCODES_LOAD_JOB } from '../../schema/domain/postcodes-load';

// National outward-code centroids (data/outward-centroids.csv, generated from OS Code-Point Open by
// scripts/outward-centroids.ts; attribution in README.md), loaded on every start so that any
// well-formed postcode whose outward code exists can be placed, even in a database with no
// postcodes loaded (SEED=none). Rows already there win: the demo seed's and those computed by
// `npm run postcodes:load` from a council's own, newer file are never overwritten. Once a
// postcodes load has run (it adds them first), none are added again: an outward code whose
// postcodes that load removed stays removed.

export const OUTWARD_CENTROIDS_FILE = path.resolve(import.meta.dirname, 'data/outward-centroids.csv');
const BATCH = 1500;

export async function readOutwardCentroids(file = OUTWARD_CENTROIDS_FILE) {
  const [header, ...lines] = (await readFile(file, 'utf8')).trim().split('\n');
  if (header !== 'outward,latitude,longitude') throw new Error(`${file}: unexpected header ${header}`);
  return lines.map((line) => {
    const [outward, latitude, longitude] = line.split(',');
    return { outward: outward!, latitude: Number(latitude), longitude: Number(longitude) };
  });
}

/**
 * Adds the national centroids the database lacks; returns how many were added. A database that
 * already has at least as many outward codes as the file (every later start), or has had
 * postcodes loaded, is left alone with two cheap reads.
 */
export async function ensureOutwardCentroids(db: Db, file = OUTWARD_CENTROIDS_FILE): Promise<number> {
  const loaded = await db.select().from(jobRuns).where(eq(jobRuns.name, POSTCODES_LOAD_JOB));
  if (loaded.length) return 0;
  const rows = await readOutwardCentroids(file);
  const [have] = await db.select({ n: count() }).from(postcodeOutwards);
  if ((have?.n ?? 0) >= rows.length) return 0;
  let added = 0;
  for (let i = 0; i < rows.length; i += BATCH) {
    const inserted = await db
      .insert(postcodeOutwards)
      .values(rows.slice(i, i + BATCH))
      .onConflictDoNothing({ target: postcodeOutwards.outward })
      .returning({ outward: postcodeOutwards.outward });
    added += inserted.length;
  }
  return added;
}
