type Row = Record<string, unknown>;

/** Rows of a raw `db.execute()`: postgres.js returns an array, PGlite an object with `rows`. */
export const rowsOf = <T = Row>(result: unknown): T[] =>
  Array.isArray(result) ? (result as T[]) : ((result as { rows: T[] }).rows ?? []);
