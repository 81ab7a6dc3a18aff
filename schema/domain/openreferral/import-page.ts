import { type ImportProblem, importSeen } from '../../../drizzle/schema';
import { refreshSearchTerms } from '../listing';
import type { Tx } from '../transaction';
import { ensureTerms } from './ensure-terms';
import { parentsToHold } from './fetched-terms';
import { type ImportedOrganisation, type ImportedService, type ImportedTerm, readOrukRecord } from './from-oruk';
import {
  existingServices,
  type FetchedTerms,
  type Lookups,
  loadLookups,
  resolveReferences,
  upsertOrganisations,
} from './import-write';
import { comparable, describeChange, snapshotOf } from './snapshot';
import { placeLocations, type ServiceWrite, writeServices } from './write-services';

// One page of an import (importer.ts runs the pages): each record checked, then the page's
// changed records written together, record by record only when the database refuses one.

export type FeedPage = { number: number; totalPages: number | null; totalItems: number | null; records: unknown[] };

export type ImportSummary = {
  read: number;
  created: number;
  updated: number;
  unchanged: number;
  withdrawn: number;
  skipped: number;
  /** Records held back until their organisation (named by id only, not read yet) is: read at the end of the run. */
  waiting: number;
  claimed: number;
  full: boolean;
  /** A file read without --full: listings of the source it did not hold were left as they are. */
  keptOthers: boolean;
  /** How many of the source's live listings that file did not hold were so left. */
  kept: number;
  resumedAtPage: number | null;
  /** An interrupted run of something else (another file) under this source was dropped, not resumed. */
  droppedResume: boolean;
  problems: ImportProblem[];
  /** Parts of records that went in but were not taken (a postal address is no venue), and why. */
  notes: ImportProblem[];
  /** Readable lines: + created, ~ updated (what changed), - withdrawn. */
  diff: string[];
  /** Set when the feed stopped answering part way; the next run resumes. */
  interrupted: string | null;
};

/** What the pages of one run share. */
export type PageRun = {
  zoneId: number;
  sourceId: number;
  summary: ImportSummary;
  lookups: Lookups;
  /** Feed ids read so far this run (a second one is a repeat). */
  seen: Set<string>;
  /** Organisations seen anywhere in this run, so a record that names one only by id finds it. */
  orgsInFeed: Map<string, NonNullable<ImportedOrganisation>>;
  /** Records whose organisation has not been seen yet: read again at the end of the run. */
  deferred: unknown[];
  deferredIds: Set<string>;
  /** Terms the feed named by id only, as it answered when asked (fetched-terms.ts). */
  fetchedTerms?: FetchedTerms;
};

type ExistingService = Awaited<ReturnType<typeof existingServices>>[number];

export function problem(summary: ImportSummary, id: string | null, reason: string) {
  summary.skipped++;
  summary.problems.push({ id, reason });
}

/** What a record in the zone lacks, said on every run that reads it (changed or not), so nothing goes silently. */
function noted(summary: ImportSummary, service: ImportedService) {
  for (const reason of service.notes ?? []) summary.notes.push({ id: service.externalId, reason });
}

export async function importPage(tx: Tx, page: FeedPage, run: PageRun, final = false) {
  const { summary, sourceId, lookups: l, seen, orgsInFeed, deferredIds } = run;
  const mapped = page.records.map((raw) => ({ raw, ...readSafely(raw) }));
  for (const m of mapped) if (m.org) orgsInFeed.set(m.org.externalId, m.org);
  const valid = mapped.flatMap((m) => (typeof m.service === 'string' ? [] : [m.service]));
  const ids = valid.map((s) => s.externalId);
  // Venues placed by postcode for the whole page before any record is seen unchanged, so a venue
  // we cannot place is noted on every run, not only on the run that writes its record.
  const placed = new Map((await placeLocations(tx, valid)).map((locations, i) => [valid[i]!, locations]));
  const existing = new Map((await existingServices(tx, sourceId, ids)).map((e) => [e.externalId!, e]));
  const seenIds: string[] = [];
  // What to write: checked here, written below together.
  const plan: (ServiceWrite & { org: ImportedOrganisation; before: ExistingService | undefined })[] = [];
  // The terms of every record resolved, changed or not: their parents the feed gave are held.
  const resolvedTerms: { id: string; terms: ImportedTerm[] }[] = [];
  for (const { raw, service, org: own } of mapped) {
    const rawId = idOf(raw);
    if (rawId && !seen.has(rawId)) seenIds.push(rawId);
    if (typeof service === 'string') {
      problem(summary, rawId, service);
      continue;
    }
    // A deferred record comes back once, at the end: that is not a repeat.
    if (seen.has(service.externalId) && !(final && deferredIds.delete(service.externalId))) {
      problem(summary, rawId, 'the same id appears twice in the feed');
      continue;
    }
    seen.add(service.externalId);
    const org = own ?? orgsInFeed.get(service.organisationId) ?? null;
    if (!org && !final && !l.orgByExternalId.has(service.organisationId)) {
      run.deferred.push(raw);
      deferredIds.add(service.externalId);
      continue;
    }
    const before = existing.get(service.externalId);
    try {
      resolveReferences(service, org, l, run.fetchedTerms);
      resolvedTerms.push({ id: service.externalId, terms: service.terms.flatMap((t) => (t.term ? [t.term] : [])) });
    } catch (error) {
      problem(summary, rawId, (error as Error).message);
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
      noted(summary, service);
      continue;
    }
    plan.push({ service, snapshot, existingId: before?.id ?? null, org, before, locations: placed.get(service)! });
  }
  await holdParents(tx, resolvedTerms, run);
  const write = async (sp: Tx, batch: typeof plan) => {
    await upsertOrganisations(
      sp,
      run.zoneId,
      sourceId,
      batch.map((w) => ({ externalId: w.service.organisationId, org: w.org })),
      l,
    );
    return writeServices(sp, { zoneId: run.zoneId, sourceId }, batch, l);
  };
  const done = (w: (typeof plan)[number]) => {
    noted(summary, w.service);
    for (const reason of w.termNotes ?? []) summary.notes.push({ id: w.service.externalId, reason });
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
        problem(summary, w.service.externalId, `could not be saved: ${refusal(error)}`);
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

/** The parents the feed gave of the records' terms that we do not hold (fetched-terms.ts), held; a
 * link of theirs that would close a loop is noted for each record whose terms lead to it. */
async function holdParents(tx: Tx, records: { id: string; terms: ImportedTerm[] }[], run: PageRun) {
  const parents = records.map((r) => ({ id: r.id, parents: parentsToHold(r.terms, run.lookups, run.fetchedTerms) }));
  const loops = await ensureTerms(
    tx,
    parents.flatMap((r) => r.parents),
    run.lookups,
  );
  for (const r of parents)
    for (const p of r.parents) {
      const reason = loops.get(p.uuid);
      if (reason) run.summary.notes.push({ id: r.id, reason });
    }
}

/** A record that cannot be read for any reason is skipped with it, not the whole page with it
 * (a page that fails is tried again on every resume, and fails again). */
function readSafely(raw: unknown): ReturnType<typeof readOrukRecord> {
  try {
    return readOrukRecord(raw);
  } catch (error) {
    return { service: `could not be read: ${(error as Error).message}`, org: null };
  }
}

export const idOf = (raw: unknown): string | null =>
  typeof (raw as { id?: unknown })?.id === 'string' ? (raw as { id: string }).id.toLowerCase() : null;

/** The database's own reason (drizzle wraps it in "Failed query: <the SQL>"), never the SQL. */
function refusal(error: unknown): string {
  const cause = (error as { cause?: unknown })?.cause;
  const message = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return message.startsWith('Failed query:') ? 'the database refused it' : message;
}

/** Why a run stopped, in words: a database error's own reason, never the SQL drizzle puts before it
 * (it is on the imports page and the command's output); any other error's message as it is. */
export function stopReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.startsWith('Failed query:') ? `the database refused the page: ${refusal(error)}` : message;
}
