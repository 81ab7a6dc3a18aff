/** Listings unreviewed for six months are flagged stale so workers know to check before referring. */
export const STALE_AFTER_MONTHS = 6;
/** Listings are due for review (and their provider reminded) a month before they go stale. */
export const REVIEW_DUE_MONTHS = STALE_AFTER_MONTHS - 1;

export function isStale(lastReviewedAt: string | Date, now = new Date()): boolean {
  const cutoff = new Date(now);
  cutoff.setMonth(cutoff.getMonth() - STALE_AFTER_MONTHS);
  return new Date(lastReviewedAt) < cutoff;
}
