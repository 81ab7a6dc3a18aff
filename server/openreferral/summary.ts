import type { ImportSummary } from '../../schema/domain/openreferral/importer';

/** The end-of-run report of an import (and, for a dry run, the diff of what it would do). */
export function formatSummary(s: ImportSummary, opts: { dryRun: boolean; seconds?: number }): string {
  const lines: string[] = [];
  if (opts.dryRun) {
    lines.push('Dry run: nothing was written. The import would:');
    lines.push(...(s.diff.length ? s.diff : ['  (change nothing)']));
  }
  if (s.resumedAtPage) lines.push(`Resumed an interrupted run at page ${s.resumedAtPage}.`);
  lines.push(
    `${s.full ? 'Full' : 'Incremental'} import: ${s.read} read, ${s.created} created, ${s.updated} updated, ${s.unchanged} unchanged, ${s.withdrawn} withdrawn (archived), ${s.skipped} skipped${s.claimed ? `, ${s.claimed} claimed by the zone (left alone)` : ''}` +
      (opts.seconds ? ` in ${opts.seconds.toFixed(1)} s (${Math.round(s.read / opts.seconds)} services/s)` : ''),
  );
  if (s.problems.length) {
    lines.push('Skipped records:');
    for (const p of s.problems.slice(0, 200)) lines.push(`  ${p.id ?? '(no id)'}: ${p.reason}`);
    if (s.problems.length > 200) lines.push(`  ... and ${s.problems.length - 200} more (see the zone's import page)`);
  }
  if (s.notes.length) {
    lines.push('Imported without some parts:');
    for (const n of s.notes.slice(0, 200)) lines.push(`  ${n.id ?? '(no id)'}: ${n.reason}`);
    if (s.notes.length > 200) lines.push(`  ... and ${s.notes.length - 200} more`);
  }
  if (s.interrupted) lines.push(`Interrupted: ${s.interrupted}. Run the same command again to resume.`);
  return lines.join('\n');
}
