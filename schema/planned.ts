/**
 * For drizzleConnection resolvers that pass RAW/extras to query(): the plugin adds the selected
 * columns at run time, but the static type of query() then sees only the extras. One named cast
 * instead of one per field.
 */
export const planned = (rows: PromiseLike<unknown>) => rows as Promise<never>;
