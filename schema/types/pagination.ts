/** The contract's page limit, as a clear validation error rather than a silent clamp. */
export const MAX_PAGE = 100;

export const pageSizeRule = [
  (args: { first?: number | null; last?: number | null }) =>
    (args.first == null || (args.first >= 0 && args.first <= MAX_PAGE)) &&
    (args.last == null || (args.last >= 0 && args.last <= MAX_PAGE)),
  { message: `Ask for between 0 and ${MAX_PAGE} items a page`, path: ['first'] },
] as const;
