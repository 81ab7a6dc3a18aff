import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { type ImportProblem, importSeen, importSources, services } from '../../../drizzle/schema';
import { inTransaction, type Tx } from '../transaction';
import { lookUpTerms, type TermLookup } from './fetched-terms';
import { type ImportedOrganisation, type ImportedTerm, servicesOf } from './from-oruk';
import { lockSource } from './import-lock';
import { type FeedPage, type ImportSummary, idOf, importPage, type PageRun, problem, stopReason } from './import-page';
import { type Lookups, loadLookups } from './import-write';
import { keptForReport } from './record-notes';

export type { FeedPage, ImportSummary } from './import-page';

// Imports another directory's Open Referral UK feed into a zone: page by page, each page one
// transaction (each record a savepoint inside it, so a bad record is skipped whole), resumable
// from the last page committed, incremental (modified_after) after a full first run, idempotent
// (unchanged records are not written), withdrawing what disappeared (full runs) by archiving.

export type FeedReader = {
  /** A URL feed can ask for changes only; a file is always read whole. */
  incremental: boolean;
  /** What this reader reads (a hash of a file's path, size and modification time): an interrupted
   * run is resumed only by a reader of the same thing. */
  identity?: () => Promise<string>;
  pages(from: { modifiedAfter: string | null; startPage: number }): AsyncIterable<FeedPage>;
  /** A URL feed's term named by id only (/taxonomy_terms/{id}); a file has none to ask. */
  term?: TermLookup;
};

export type ImportOptions = {
  zoneId: number;
  location: string;
  dryRun?: boolean;
  /** Read everything and withdraw what is gone, even when an incremental run is possible. A file
   * is read whole either way, but withdraws only when asked: it may be an extract, or one record. */
  full?: boolean;
  onPage?: (page: FeedPage, summary: ImportSummary) => void;
  /** Run inside this transaction instead of one per page (the demo seed is one transaction). */
  tx?: Tx;
};

class DryRunRollback extends Error {}

/** How a run ended, as the imports page shows it. */
type RunRecord = {
  status: string;
  counts: Record<string, number>;
  errors: ImportProblem[];
  notes: ImportProblem[];
  /** Finished or failed: nothing to resume. An interrupted run keeps its place. */
  over: boolean;
  /** The newest record a finished run saw: the next incremental run asks for what changed since. */
  lastModifiedSeen?: string;
};

/** The one write of a run's outcome to its import_sources row, however it ended. */
async function recordRun(tx: Tx, sourceId: number, run: RunRecord) {
  await tx
    .update(importSources)
    .set({
      lastRunAt: new Date(),
      lastStatus: run.status,
      lastCounts: run.counts,
      lastErrors: run.errors,
      lastNotes: run.notes,
      ...(run.over ? { resumePage: null, resumeModifiedAfter: null, resumeFull: null } : {}),
      ...(run.lastModifiedSeen ? { lastModifiedSeen: run.lastModifiedSeen } : {}),
    })
    .where(eq(importSources.id, sourceId));
}

/** A feed that answers but cannot be paged through (it repeats a page): the run fails, not resumes. */
export class BrokenFeedError extends Error {}

/** A source whose content cannot be read (a file that is empty, or not JSON): trying again will
 * not change it, so the run fails, not resumes. */
export class UnreadableFeedError extends Error {}

/** A package refused whole before any record was read (a CSV table that is not as the standard
 * says): nothing was imported, and there is nothing to resume. */
export class RefusedPackageError extends UnreadableFeedError {}

export async function runImport(db: Db, reader: FeedReader, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    withdrawn: 0,
    skipped: 0,
    waiting: 0,
    claimed: 0,
    full: true,
    keptOthers: false,
    kept: 0,
    resumedAtPage: null,
    droppedResume: false,
    problems: [],
    notes: [],
    diff: [],
    interrupted: null,
  };
  // Organisations seen anywhere in this run, so a record that names one only by id finds it; a
  // record whose organisation has not been seen yet waits for the end of the run (a later page).
  const orgsInFeed = new Map<string, NonNullable<ImportedOrganisation>>();
  const deferred: unknown[] = [];
  const deferredIds = new Set<string>();
  // What the feed answered for terms it names by id only: each asked once a run.
  const fetchedTerms = new Map<string, ImportedTerm | string>();
  const pageRun = (sourceId: number, lookups: Lookups, seen: Set<string>): PageRun => ({
    zoneId: options.zoneId,
    sourceId,
    summary,
    lookups,
    seen,
    orgsInFeed,
    deferred,
    deferredIds,
    fetchedTerms,
  });
  const run = async (outer: Tx | null) => {
    const inTx = <T>(fn: (tx: Tx) => Promise<T>) => (outer ? fn(outer) : inTransaction(db, fn));
    const source = await inTx(async (tx) => {
      await tx
        .insert(importSources)
        .values({ zoneId: options.zoneId, location: options.location })
        .onConflictDoNothing();
      const [row] = await tx
        .select()
        .from(importSources)
        .where(and(eq(importSources.zoneId, options.zoneId), eq(importSources.location, options.location)));
      return row!;
    });
    // Resume an interrupted run with its own settings, if it read what this reader reads (not
    // another month's file under the same source); else start a full or incremental one. Asked for
    // a full run, it starts afresh even over an interrupted one (which may never finish).
    const identity = (await reader.identity?.()) ?? null;
    const interrupted = source.resumePage != null && !options.full;
    const resuming = interrupted && source.resumeOf === identity;
    // A URL's first run is full; a file is read whole, but is full (withdrawing) only when asked.
    const full = resuming
      ? source.resumeFull === 1
      : !!options.full || (reader.incremental && !source.lastModifiedSeen);
    const since = resuming ? source.resumeModifiedAfter : full || !reader.incremental ? null : source.lastModifiedSeen;
    const modifiedAfter = since ? new Date(since).toISOString() : null;
    const startPage = resuming ? (source.resumePage ?? 1) : 1;
    summary.full = full;
    summary.keptOthers = !full && !reader.incremental;
    summary.resumedAtPage = resuming ? startPage : null;
    summary.droppedResume = interrupted && !resuming;
    if (!resuming) {
      await inTx(async (tx) => {
        await tx.delete(importSeen).where(eq(importSeen.sourceId, source.id));
        await tx
          .update(importSources)
          .set({ resumePage: 1, resumeFull: full ? 1 : 0, resumeModifiedAfter: modifiedAfter, resumeOf: identity })
          .where(eq(importSources.id, source.id));
      });
    }
    let lookups: Lookups | null = null;
    // A resumed run goes on from the interrupted one: the ids its pages read (kept in importSeen)
    // count as read, so an id repeated across the interruption is still a repeat.
    const seenThisRun = new Set<string>(
      resuming
        ? await inTx(async (tx) =>
            (
              await tx
                .select({ externalId: importSeen.externalId })
                .from(importSeen)
                .where(eq(importSeen.sourceId, source.id))
            ).map((r) => r.externalId),
          )
        : [],
    );
    // The page being read when a run stops: a resumed run stopped at the same page, for the same
    // reason, would stop there on every run, so it fails instead (the next run starts afresh).
    let atPage = startPage;
    try {
      for await (const fed of reader.pages({ modifiedAfter, startPage })) {
        const page = { ...fed, records: fed.records.flatMap(servicesOf) };
        summary.read += page.records.length;
        lookups ??= await inTx((tx) => loadLookups(tx, source.id));
        const known = lookups;
        // Asked before the page's transaction, so none is held open while the feed answers.
        if (reader.term) await lookUpTerms(page.records, known, reader.term, fetchedTerms);
        await inTx(async (tx) => {
          await importPage(tx, page, pageRun(source.id, known, seenThisRun));
          await tx
            .update(importSources)
            .set({ resumePage: page.number + 1 })
            .where(eq(importSources.id, source.id));
        });
        atPage = page.number + 1;
        summary.waiting = deferred.length;
        options.onPage?.(page, summary);
      }
    } catch (error) {
      const why = stopReason(error);
      const again = resuming && atPage === startPage && source.lastStatus === `interrupted: ${why}`;
      if (
        (summary.read === 0 && !resuming) ||
        again ||
        error instanceof BrokenFeedError ||
        error instanceof UnreadableFeedError
      ) {
        // Nothing read, a feed that cannot be trusted or read, or the same stop twice: no run to
        // resume (the next starts afresh), and a failed run with its reason on the imports page.
        const reason = again ? `page ${atPage} failed on the last run too: ${why}` : why;
        await inTx((tx) =>
          recordRun(tx, source.id, {
            status: `failed: ${reason}`,
            counts: { read: summary.read },
            errors: [{ id: null, reason }],
            notes: [],
            over: true,
          }),
        );
        throw again ? new UnreadableFeedError(reason, { cause: error }) : error;
      }
      summary.interrupted = why;
    }
    await inTx(async (tx) => {
      if (summary.interrupted)
        for (const raw of deferred)
          problem(summary, idOf(raw), 'its organisation had not been read when the run stopped');
      else if (deferred.length && lookups)
        await importPage(
          tx,
          { number: 0, totalPages: null, totalItems: null, records: deferred },
          pageRun(source.id, lookups, seenThisRun),
          true,
        );
      // Read now, or skipped when the run stopped: none is waiting any more.
      summary.waiting = 0;
      if (!summary.interrupted && full) await withdraw(tx, source.id);
      // A file without --full leaves them: the run says how many, so an extract's reader knows.
      else if (!summary.interrupted && summary.keptOthers)
        summary.kept = await tx.$count(services, notInRun(source.id));
      const [newest] = await tx
        // Never past now: a record dated 9999 would otherwise make every later run ask for nothing.
        .select({ at: sql<string | null>`least(max(("importSnapshot"->>'lastModified')::timestamptz), now())` })
        .from(services)
        .where(and(eq(services.sourceId, source.id), isNotNull(services.importSnapshot)));
      const done = !summary.interrupted;
      if (done) await tx.delete(importSeen).where(eq(importSeen.sourceId, source.id));
      await recordRun(tx, source.id, {
        status: summary.interrupted
          ? `interrupted: ${summary.interrupted}`
          : summary.problems.length
            ? `finished, ${summary.problems.length} record${summary.problems.length === 1 ? '' : 's'} skipped`
            : 'finished',
        counts: {
          read: summary.read,
          created: summary.created,
          updated: summary.updated,
          unchanged: summary.unchanged,
          withdrawn: summary.withdrawn,
          skipped: summary.skipped,
          // How many notes the run made: the report keeps at most 1,000.
          notes: summary.notes.length,
        },
        errors: keptForReport(summary.problems, 1000),
        notes: keptForReport(summary.notes, 1000),
        over: done,
        lastModifiedSeen: done && newest?.at ? new Date(newest.at).toISOString() : undefined,
      });
    });
  };

  /** The source's live, unclaimed listings this run did not read: what a full run withdraws. */
  function notInRun(sourceId: number) {
    return and(
      eq(services.sourceId, sourceId),
      ne(services.status, 'ARCHIVED'),
      eq(services.claimed, false),
      sql`not exists (select 1 from ${importSeen} s where s."sourceId" = ${sourceId} and s."externalId" = ${services.externalId})`,
    );
  }

  async function withdraw(tx: Tx, sourceId: number) {
    const gone = await tx
      .update(services)
      .set({ status: 'ARCHIVED', updatedAt: new Date() })
      .where(notInRun(sourceId))
      .returning({ name: services.name, externalId: services.externalId });
    summary.withdrawn = gone.length;
    for (const g of gone) summary.diff.push(`- withdraw "${g.name}" (${g.externalId})`);
  }

  // Refused before anything is read or written when another run of the source holds it.
  const lock = await lockSource(db, options.tx ?? null, options.zoneId, options.location);
  try {
    await runOnce();
  } finally {
    await lock.release();
  }
  return summary;

  async function runOnce() {
    if (options.dryRun) {
      await db
        .transaction(async (tx) => {
          await run(tx);
          throw new DryRunRollback();
        })
        .catch((e) => {
          if (!(e instanceof DryRunRollback)) throw e;
        });
    } else {
      await run(options.tx ?? null);
    }
  }
}
