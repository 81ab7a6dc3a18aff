import type { ImportProblem } from '../../drizzle/schema';
import {
  BrokenFeedError,
  type ImportSummary,
  RefusedPackageError,
  UnreadableFeedError,
} from '../../schema/domain/openreferral/importer';
import { keptForReport } from '../../schema/domain/openreferral/record-notes';

/** Up to 200 of a run's records under a heading, each kind of reason among them; the rest only
 * counted (a terminal is no place for thousands). */
function listed(lines: string[], heading: string, items: ImportProblem[], more: string) {
  if (!items.length) return;
  lines.push(heading);
  for (const p of keptForReport(items, 200)) lines.push(`  ${p.id ?? '(no id)'}: ${p.reason}`);
  if (items.length > 200) lines.push(`  ... and ${items.length - 200} more${more}`);
}

/** The end-of-run report of an import (and, for a dry run, the diff of what it would do). */
export function formatSummary(s: ImportSummary, opts: { dryRun: boolean; seconds?: number }): string {
  const lines: string[] = [];
  if (opts.dryRun) {
    lines.push('Dry run: nothing was written. The import would:');
    lines.push(...(s.diff.length ? s.diff : ['  (change nothing)']));
  }
  if (s.resumedAtPage) lines.push(`Resumed an interrupted run at page ${s.resumedAtPage}.`);
  if (s.droppedResume)
    lines.push('The interrupted run of this source read another file: this one was read from its start.');
  lines.push(
    `${s.full ? 'Full' : s.keptOthers ? 'File' : 'Incremental'} import: ${s.read} read, ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.withdrawn} withdrawn (archived), ${s.skipped} skipped${s.claimed ? `, ${s.claimed} claimed by the zone (left alone)` : ''}` +
      (opts.seconds ? ` in ${opts.seconds.toFixed(1)} s (${Math.round(s.read / opts.seconds)} services/s)` : ''),
  );
  if (s.keptOthers && s.kept)
    lines.push(
      `${s.kept} ${s.kept === 1 ? 'listing' : 'listings'} of this source that the file does not hold ${s.kept === 1 ? 'was' : 'were'} kept: --full withdraws them (archived).`,
    );
  listed(lines, 'Skipped records:', s.problems, " (see the zone's import page)");
  listed(lines, 'Imported without some parts:', s.notes, '');
  if (s.interrupted) lines.push(`Interrupted: ${s.interrupted}. Run the same command again to resume.`);
  return lines.join('\n');
}

/** The one line an import that failed outright prints: a feed that cannot be paged is not unreadable. */
export function failureLine(target: string, error: unknown): string {
  const why = error instanceof Error ? error.message : String(error);
  if (error instanceof BrokenFeedError)
    return `Stopped reading ${target}: it does not page properly (${why}). Nothing after that was read and nothing was withdrawn; its owner needs to fix its paging.`;
  // A CSV package refused before any record was read: there is nothing to withdraw or resume.
  if (error instanceof RefusedPackageError) return `Refused ${target}: ${why}.`;
  // A file not JSON, or a page that failed twice: what went in stays, nothing is withdrawn.
  if (error instanceof UnreadableFeedError)
    return `Stopped reading ${target}: ${why}. Nothing was withdrawn; the next run starts again from the first page.`;
  return `Nothing could be read from ${target}: ${why}`;
}

/** The line printed for each page read: records waiting for their organisation are said so, not counted as skipped. */
export function pageLine(page: number, s: ImportSummary & { of: string }): string {
  const waiting = s.waiting
    ? `, ${s.waiting} waiting for their organisation (named by id, not read yet: read at the end of the run)`
    : '';
  return `page ${page}${s.of}: ${s.read} read, ${s.created} new, ${s.updated} changed, ${s.unchanged} unchanged, ${s.skipped} skipped${waiting}`;
}

/** A run that read records and took none of them: every one was skipped (a wrong file, a feed the
 * importer cannot read). Said last, and the command exits 1, so a script or cron job sees it. */
export function everySkippedLine(s: ImportSummary): string | null {
  if (!s.read || s.created + s.updated + s.unchanged > 0 || s.skipped < s.read) return null;
  return `Every record read (${s.read}) was skipped: nothing was imported. Why each was skipped is listed above under "Skipped records" and on the zone's import page (/admin/imports).`;
}
