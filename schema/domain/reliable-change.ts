// Reliable change (Jacobson & Truax 1991) and the Wilson score interval: plain arithmetic, no database.

export type Better = 'LOWER' | 'HIGHER';

/** What reliable change needs of a measure: reliability and a reference SD, or a published threshold. */
export type ChangeConstants = {
  better: Better;
  reliability: number | null;
  referenceSd: number | null;
  reliableChangeThreshold: number | null;
  clinicalCutoff: number | null;
};

export type ChangeClass = 'RELIABLY_IMPROVED' | 'NO_RELIABLE_CHANGE' | 'RELIABLY_DETERIORATED';

/** Z for a two-sided 95% interval. */
export const Z95 = 1.96;

/** S_diff = sqrt(2 * SE^2), SE = SD * sqrt(1 - r): the standard error of a difference between two scores. */
export function standardErrorOfDifference(referenceSd: number, reliability: number): number {
  const se = referenceSd * Math.sqrt(1 - reliability);
  return Math.sqrt(2 * se * se);
}

/** RCI = (x2 - x1) / S_diff; null when the measure has a threshold instead of r and SD. */
export function reliableChangeIndex(m: ChangeConstants, baseline: number, latest: number): number | null {
  if (m.reliability == null || m.referenceSd == null) return null;
  return (latest - baseline) / standardErrorOfDifference(m.referenceSd, m.reliability);
}

/**
 * How far below a threshold a change may fall and still count as reaching it: a per-goal change is
 * a difference of means, and (2+4+4)/3 - (1+2+2)/3 is 1.9999999999999998 in floating point, not 2.
 * Far below any score's precision (scores are whole or at most decimals).
 */
export const THRESHOLD_TOLERANCE = 1e-9;

/**
 * Direction-aware: with r and SD, |RCI| > 1.96 is reliable; with a published threshold (in score
 * points), a change at least that large is.
 */
export function classifyChange(m: ChangeConstants, baseline: number, latest: number): ChangeClass {
  const diff = latest - baseline;
  const rci = reliableChangeIndex(m, baseline, latest);
  const reliable =
    rci != null
      ? Math.abs(rci) > Z95
      : m.reliableChangeThreshold != null && Math.abs(diff) >= m.reliableChangeThreshold - THRESHOLD_TOLERANCE;
  if (!reliable || diff === 0) return 'NO_RELIABLE_CHANGE';
  const better = m.better === 'LOWER' ? diff < 0 : diff > 0;
  return better ? 'RELIABLY_IMPROVED' : 'RELIABLY_DETERIORATED';
}

/** In the clinical range: at or beyond the cut-off on the worse side. Null when there is no cut-off. */
export function isClinical(m: ChangeConstants, score: number): boolean | null {
  if (m.clinicalCutoff == null) return null;
  return m.better === 'LOWER' ? score >= m.clinicalCutoff : score <= m.clinicalCutoff;
}

/** Wilson score interval for k successes out of n (95%); null when n is 0. */
export function wilsonInterval(k: number, n: number, z = Z95): { lower: number; upper: number } | null {
  if (n <= 0) return null;
  const p = k / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
  return { lower: Math.max(0, centre - half), upper: Math.min(1, centre + half) };
}

export type Score = { id: number; item: string; score: number; measuredOn: string };

/** A goal as stored: trimmed, runs of spaces made one (the case the worker typed is kept for display). */
export const tidyItem = (item: string) => item.trim().replace(/\s+/g, ' ');

/** One goal however it is typed: "Goal C" and " goal  c" are the same goal (as outcomes.ts pairs them). */
export const itemKey = (item: string) => tidyItem(item).toLowerCase();

/**
 * Baseline and latest for one child. A measure with several items (goals) is the mean over the
 * items scored at both ends. `from`/`to` restrict the baseline to on or before `baselineBy` and the
 * follow-up to on or after `followUpFrom`; the follow-up is always on a later day than the baseline.
 */
export function baselineAndLatest(
  scores: Score[],
  window: { baselineBy?: string; followUpFrom?: string } = {},
): { baseline: number; latest: number; baselineOn: string; latestOn: string } | null {
  const byItem = new Map<string, Score[]>();
  for (const s of scores) byItem.set(itemKey(s.item), [...(byItem.get(itemKey(s.item)) ?? []), s]);
  const pairs: { first: Score; last: Score }[] = [];
  for (const list of byItem.values()) {
    const sorted = [...list].sort((a, b) => a.measuredOn.localeCompare(b.measuredOn) || a.id - b.id);
    const first = sorted.find((s) => !window.baselineBy || s.measuredOn <= window.baselineBy);
    if (!first) continue;
    const last = sorted.at(-1)!;
    // A follow-up is taken on a later day: a second score on the baseline's day is not one.
    if (last.measuredOn <= first.measuredOn || (window.followUpFrom && last.measuredOn < window.followUpFrom)) continue;
    pairs.push({ first, last });
  }
  if (pairs.length === 0) return null;
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return {
    baseline: mean(pairs.map((p) => p.first.score)),
    latest: mean(pairs.map((p) => p.last.score)),
    baselineOn: pairs.map((p) => p.first.measuredOn).sort()[0]!,
    latestOn: pairs
      .map((p) => p.last.measuredOn)
      .sort()
      .at(-1)!,
  };
}
