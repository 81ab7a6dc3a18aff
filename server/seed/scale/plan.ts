import { type SQL, sql } from 'drizzle-orm';
import PLACES from './england-places.json';
import VOCABULARY from './vocabulary.json';

export type ScaleFigures = { services: number; children: number; commissions: number; zones?: number };

/** How a scale seed spreads its figures: zones like councils, each with its share of everything. */
export type ScalePlan = {
  zones: number;
  perZone: {
    services: number;
    organisations: number;
    children: number;
    commissions: number;
    linkWorkers: number;
    schools: number;
    districts: number;
  };
};

// A council holds about 3,000 listings from about 1,000 organisations (153 councils nationally);
// a link worker supports about 25 children; a school about 150 of them.
const SERVICES_PER_ZONE = 3000;
const MAX_ZONES = 153;

export function planScale(f: ScaleFigures): ScalePlan {
  const zones = f.zones ?? Math.min(MAX_ZONES, Math.max(1, Math.round(f.services / SERVICES_PER_ZONE)));
  const share = (n: number) => Math.ceil(n / zones);
  const children = share(f.children);
  return {
    zones,
    perZone: {
      services: share(f.services),
      organisations: Math.max(1, Math.ceil(share(f.services) / 3)),
      children,
      commissions: children > 0 ? share(f.commissions) : 0,
      linkWorkers: Math.max(1, Math.ceil(children / 25)),
      schools: Math.max(2, Math.ceil(children / 150)),
      districts: 4,
    },
  };
}

export const places = PLACES.places;
export const vocabulary = VOCABULARY;

/** The zone slug of the n-th scale zone (1-based): stable, so a rerun can skip what is there. */
export const zoneSlug = (n: number) => `scale-${String(n).padStart(3, '0')}`;

/**
 * A deterministic pseudo-random integer in [0, n) for a row: hashtextextended is PostgreSQL's
 * stable, seedable hash, so the same flags give the same rows on PGlite and on a server.
 */
export function pick(key: SQL, salt: number, n: number): SQL<number> {
  return sql<number>`mod(abs(hashtextextended((${key})::text, ${salt}::bigint)), ${n}::bigint)::int`;
}

/** A text[] literal for a list of words, indexed with pick()+1. */
export function textArray(values: readonly string[]): SQL {
  return sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;
}

/** The n-th word of a list, chosen by pick(). */
export function word(values: readonly string[], key: SQL, salt: number): SQL<string> {
  return sql<string>`(${textArray(values)})[${pick(key, salt, values.length)} + 1]`;
}

/** A CASE over literal choices, keyed by a deterministic pick. */
export function caseOf(literals: string[], key: SQL, salt: number): SQL {
  const k = pick(key, salt, literals.length);
  return sql`(case ${k} ${sql.raw(literals.map((l, i) => `when ${i} then ${l}`).join(' '))} end)`;
}
