/**
 * For drizzleConnection resolvers whose node type declares its own `select` (or that pass RAW
 * or extras to query()): the plugin adds the selected columns at run time, but the static type
 * of query() then sees only its marker. One named cast instead of one per field.
 */
export const planned = (rows: PromiseLike<unknown>) => rows as Promise<never>;
