type Row = Record<string, unknown>;

/** Rows of a raw `db.execute()`: postgres.js returns an array, PGlite an object with `rows`. */
export const rowsOf = (result: unknown): Row[] =>
  Array.isArray(result) ? result : ((result as { rows: Row[] }).rows ?? []);
