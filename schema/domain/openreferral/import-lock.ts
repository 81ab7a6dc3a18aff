import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Db, hasOneConnection } from '../../../drizzle/client';
import { rowsOf } from '../rows';
import type { Tx } from '../transaction';

// One import of a source at a time (audit finding: two at once each wrote the other's services,
// the second failing 200 of them as "duplicate key" and marking the source's run as failed).
// On PostgreSQL an advisory lock keyed on the source is held for the run by a transaction left
// open on a connection of its own: a transaction's lock, not a session's, as prepare-database.ts
// explains, so that it holds behind PgBouncer too. The second run is refused before it reads or
// writes anything. PGlite needs none: one process holds its data folder.

export class ImportRunningError extends Error {}

/** The lock's key: one bigint from the zone and the source's location (positive, so it reads back;
 * sent as text, as each driver takes that). */
function keyOf(zoneId: number, location: string): bigint {
  return (
    createHash('sha1').update(`oruk-import:${zoneId}:${location}`).digest().readBigInt64BE() & 0x7fff_ffff_ffff_ffffn
  );
}

const tryLock = async (tx: Tx, key: bigint) =>
  rowsOf(await tx.execute(sql`select pg_try_advisory_xact_lock(${String(key)}::bigint) as ok`))[0]?.ok === true;

/** The refusal, with when the other run started (its transaction's start), when we may see it. */
async function refusal(db: Db, key: bigint, location: string): Promise<ImportRunningError> {
  const rows = rowsOf(
    await db.execute(sql`
    select a.xact_start as started from pg_locks l join pg_stat_activity a on a.pid = l.pid
    where l.locktype = 'advisory' and l.granted and l.objsubid = 1
      and l.classid::bigint = ${String(key >> 32n)}::bigint and l.objid::bigint = ${String(key & 0xffff_ffffn)}::bigint
  `),
  );
  const at = rows[0]?.started ? new Date(rows[0].started as string) : null;
  const started = at ? ` (started ${at.toLocaleTimeString('en-GB', { hour: '2-digit', minute: '2-digit' })})` : '';
  const name = location.replace(/^file:/, '');
  return new ImportRunningError(`Another import of source ${name} is running${started}; wait for it to finish`);
}

/** Holds the source's lock until `release` is called; throws ImportRunningError when another run holds it. */
export async function lockSource(
  db: Db,
  outer: Tx | null,
  zoneId: number,
  location: string,
): Promise<{ release: () => Promise<void> }> {
  const key = keyOf(zoneId, location);
  // Inside the caller's transaction (the demo seed) the lock lasts as long as it does.
  if (outer) {
    if (!(await tryLock(outer, key))) throw await refusal(db, key, location);
    return { release: async () => {} };
  }
  if (hasOneConnection(db)) return { release: async () => {} };
  let release!: () => void;
  const released = new Promise<void>((r) => {
    release = r;
  });
  let taken!: (ok: boolean) => void;
  const answer = new Promise<boolean>((r) => {
    taken = r;
  });
  const holder = db.transaction(async (tx) => {
    const ok = await tryLock(tx, key);
    taken(ok);
    if (ok) await released;
  });
  // A holder that fails before it answers (the connection refused) fails the run with its error.
  if (!(await Promise.race([answer, holder.then(() => false)]))) throw await refusal(db, key, location);
  // Its connection lost mid-run: the lock goes with it; the run itself carries on.
  holder.catch(() => {});
  return {
    release: async () => {
      release();
      await holder.catch(() => {});
    },
  };
}
