import { and, eq, isNotNull, ne, sql } from 'drizzle-orm';
import type { Db } from '../../../drizzle/client';
import { type ImportProblem, importSeen, importSources, services } from '../../../drizzle/schema';
import { refreshSearchTerms } from '../listing';
import { inTransaction, type Tx } from '../transaction';
import { fromOruk, type ImportedOrganisation, type ImportedService, organisationOf, servicesOf } from './from-oruk';
import { checkReferences, existingServices, type Lookups, loadLookups, upsertOrganisations } from './import-write';
import { comparable, describeChange, snapshotOf } from './snapshot';
import { type ServiceWrite, writeServices } from './write-services';

// Imports another directory's Open Referral UK feed into a zone: page by page, each page one
// transaction (each record a savepoint inside it, so a bad record is skipped whole), resumable
// from the last page committed, incremental (modified_after) after a full first run, idempotent
// (unchanged records are not written), withdrawing what disappeared (full runs) by archiving.

export type FeedPage = { number: number; totalPages: number | null; totalItems: number | null; records: unknown[] };
export type FeedReader = {
  /** A URL feed can ask for changes only; a file is always read whole. */
  incremental: boolean;
  pages(from: { modifiedAfter: string | null; startPage: number }): AsyncIterable<FeedPage>;
};

export type ImportSummary = {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  skipped: number;
  claimed: number;
  full: boolean;
  resumedAtPage: number | null;
  problems: ImportProblem[];
  /** Parts of records that went in but were not taken (a postal address is no venue), and why. */
  notes: ImportProblem[];
  /** Readable lines: + created, ~ updated (what changed), - withdrawn. */
  diff: string[];
  /** Set when the feed stopped answering part way; the next run resumes. */
  interrupted: string | null;
};

export type ImportOptions = {
  zoneId: number;
  location: string;
  dryRun?: boolean;
  /** Read everything and withdraw what is gone, even when an incremental run is possible. */
  full?: boolean;
  onPage?: (page: FeedPage, summary: ImportSummary) => void;
  /** Run inside this transaction instead of one per page (the demo seed is one transaction). */
  tx?: Tx;
};

class DryRunRollback extends Error {}
type ExistingService = Awaited<ReturnType<typeof existingServices>>[number];

export async function runImport(db: Db, reader: FeedReader, options: ImportOptions): Promise<ImportSummary> {
  const summary: ImportSummary = {
    read: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    withdrawn: 0,
    skipped: 0,
    claimed: 0,
    full: true,
    resumedAtPage: null,
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
    // Resume an interrupted run with its own settings; else start a full or incremental one.
    // Asked for a full run, it starts afresh even over an interrupted one (which may never finish).
    const resuming = source.resumePage != null && !options.full;
    const full = resuming ? source.resumeFull === 1 : !!options.full || !reader.incremental || !source.lastModifiedSeen;
    const since = resuming ? source.resumeModifiedAfter : full ? null : source.lastModifiedSeen;
    const modifiedAfter = since ? new Date(since).toISOString() : null;
    const startPage = resuming ? (source.resumePage ?? 1) : 1;
    summary.full = full;
    summary.resumedAtPage = resuming ? startPage : null;
    if (!resuming) {
      await inTx(async (tx) => {
        await tx.delete(importSeen).where(eq(importSeen.sourceId, source.id));
        await tx
          .update(importSources)
          .set({ resumePage: 1, resumeFull: full ? 1 : 0, resumeModifiedAfter: modifiedAfter })
          .where(eq(importSources.id, source.id));
      });
    }
    let lookups: Lookups | null = null;
    const seenThisRun = new Set<string>();
    try {
      for await (const fed of reader.pages({ modifiedAfter, startPage })) {
        const page = { ...fed, records: fed.records.flatMap(servicesOf) };
        summary.read += page.records.length;
        await inTx(async (tx) => {
          lookups ??= await loadLookups(tx, source.id);
          await importPage(tx, page, source.id, lookups, seenThisRun);
          await tx
            .update(importSources)
            .set({ resumePage: page.number + 1 })
            .where(eq(importSources.id, source.id));
        });
        options.onPage?.(page, summary);
      }
    } catch (error) {
      if (summary.read === 0 && !resuming) {
        // Nothing read at all: no run to resume, the next one starts as this one did.
        await inTx((tx) =>
          tx
            .update(importSources)
            .set({ resumePage: null, resumeFull: null, resumeModifiedAfter: null })
            .where(eq(importSources.id, source.id)),
        );
        throw error;
      }
      summary.interrupted = error instanceof Error ? error.message : String(error);
    }
    await inTx(async (tx) => {
      if (summary.interrupted)
        for (const raw of deferred) problem(idOf(raw), 'its organisation had not been read when the run stopped');
      else if (deferred.length && lookups)
        await importPage(
          tx,
          { number: 0, totalPages: null, totalItems: null, records: deferred },
          source.id,
          lookups,
          seenThisRun,
          true,
        );
      if (!summary.interrupted && full) await withdraw(tx, source.id);
      const [newest] = await tx
        // Never past now: a record dated 9999 would otherwise make every later run ask for nothing.
        .select({ at: sql<string | null>`least(max(("importSnapshot"->>'lastModified')::timestamptz), now())` })
        .from(services)
        .where(and(eq(services.sourceId, source.id), isNotNull(services.importSnapshot)));
      const done = !summary.interrupted;
      if (done) await tx.delete(importSeen).where(eq(importSeen.sourceId, source.id));
      await tx
        .update(importSources)
        .set({
          lastRunAt: new Date(),
          lastStatus: summary.interrupted
            ? `interrupted: ${summary.interrupted}`
            : summary.problems.length
              ? `finished, ${summary.problems.length} records skipped`
              : 'finished',
          lastCounts: {
            read: summary.read,
            created: summary.created,
            updated: summary.updated,
            unchanged: summary.unchanged,
            withdrawn: summary.withdrawn,
            skipped: summary.skipped,
          },
          lastErrors: summary.problems.slice(0, 1000),
          ...(done ? { resumePage: null, resumeModifiedAfter: null, resumeFull: null } : {}),
          ...(done && newest?.at ? { lastModifiedSeen: new Date(newest.at).toISOString() } : {}),
        })
        .where(eq(importSources.id, source.id));
    });
  };

  /** What a record in the zone lacks, said on every run that reads it (changed or not), so nothing goes silently. */
  function noted(service: ImportedService) {
    for (const reason of service.notes ?? []) summary.notes.push({ id: service.externalId, reason });
  }

  function problem(id: string | null, reason: string) {
    summary.skipped++;
    summary.problems.push({ id, reason });
  }

  async function importPage(tx: Tx, page: FeedPage, sourceId: number, l: Lookups, seen: Set<string>, final = false) {
    const mapped = page.records.map((raw) => ({ raw, service: fromOruk(raw), org: organisationOf(raw) }));
    for (const m of mapped) if (m.org) orgsInFeed.set(m.org.externalId, m.org);
    const ids = mapped.flatMap((m) => (typeof m.service === 'string' ? [] : [m.service.externalId]));
    const existing = new Map((await existingServices(tx, sourceId, ids)).map((e) => [e.externalId!, e]));
    const seenIds: string[] = [];
    // What to write: checked here, written below together.
    const plan: (ServiceWrite & { org: ImportedOrganisation; before: ExistingService | undefined })[] = [];
    for (const { raw, service, org: own } of mapped) {
      const rawId = idOf(raw);
      if (rawId && !seen.has(rawId)) seenIds.push(rawId);
      if (typeof service === 'string') {
        problem(rawId, service);
        continue;
      }
      // A deferred record comes back once, at the end: that is not a repeat.
      if (seen.has(service.externalId) && !(final && deferredIds.delete(service.externalId))) {
        problem(rawId, 'the same id appears twice in the feed');
        continue;
      }
      seen.add(service.externalId);
      const org = own ?? orgsInFeed.get(service.organisationId) ?? null;
      if (!org && !final && !l.orgByExternalId.has(service.organisationId)) {
        deferred.push(raw);
        deferredIds.add(service.externalId);
        continue;
      }
      const before = existing.get(service.externalId);
      try {
        checkReferences(service, org, l);
      } catch (error) {
        problem(rawId, (error as Error).message);
        continue;
      }
      if (before?.claimed) {
        summary.claimed++;
        continue;
      }
      const snapshot = snapshotOf(service);
      if (
        before &&
        before.status === service.fields.status &&
        comparable(before.importSnapshot) === comparable(snapshot)
      ) {
        summary.unchanged++;
        noted(service);
        continue;
      }
      plan.push({ service, snapshot, existingId: before?.id ?? null, org, before });
    }
    const write = async (sp: Tx, batch: typeof plan) => {
      await upsertOrganisations(
        sp,
        options.zoneId,
        sourceId,
        batch.map((w) => ({ externalId: w.service.organisationId, org: w.org })),
        l,
      );
      return writeServices(sp, { zoneId: options.zoneId, sourceId }, batch, l);
    };
    const done = (w: (typeof plan)[number]) => {
      noted(w.service);
      if (w.before) {
        summary.updated++;
        const what = w.before.importSnapshot ? describeChange(w.before.importSnapshot, w.snapshot) : 'everything';
        summary.diff.push(`~ update   "${w.service.fields.name}" (${w.service.externalId}): ${what || 'status'}`);
      } else {
        summary.created++;
        summary.diff.push(`+ create   "${w.service.fields.name}" (${w.service.externalId})`);
      }
    };
    let written: number[] = [];
    try {
      // The whole page's writes in one savepoint, a few multi-row statements ...
      written = await tx.transaction((sp) => write(sp, plan));
      plan.forEach(done);
    } catch {
      // ... and when the database refuses one of them, record by record, so only that one is
      // skipped (each in its own savepoint: nothing of it is half-written).
      Object.assign(l, await loadLookups(tx, sourceId));
      for (const w of plan) {
        try {
          written.push(...(await tx.transaction((sp) => write(sp, [w]))));
          done(w);
        } catch (error) {
          // The savepoint undid this record; what the lookups cached for it may be gone too.
          Object.assign(l, await loadLookups(tx, sourceId));
          problem(w.service.externalId, `could not be saved: ${refusal(error)}`);
        }
      }
    }
    // The search vector's organisation and category names, once for the page.
    await refreshSearchTerms(tx, written);
    if (seenIds.length)
      await tx
        .insert(importSeen)
        .values(seenIds.map((externalId) => ({ sourceId, externalId })))
        .onConflictDoNothing();
  }

  async function withdraw(tx: Tx, sourceId: number) {
    const gone = await tx
      .update(services)
      .set({ status: 'ARCHIVED', updatedAt: new Date() })
      .where(
        and(
          eq(services.sourceId, sourceId),
          ne(services.status, 'ARCHIVED'),
          eq(services.claimed, false),
          sql`not exists (select 1 from ${importSeen} s where s."sourceId" = ${sourceId} and s."externalId" = ${services.externalId})`,
        ),
      )
      .returning({ name: services.name, externalId: services.externalId });
    summary.withdrawn = gone.length;
    for (const g of gone) summary.diff.push(`- withdraw "${g.name}" (${g.externalId})`);
  }

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
  return summary;
}

const idOf = (raw: unknown): string | null =>
  typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.toLowerCase() : null;

/** The database's own reason (drizzle wraps it in "Failed query: <the SQL>"), never the SQL. */
function refusal(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return message.startsWith('Failed query:') ? 'the database refused it' : message;
}
