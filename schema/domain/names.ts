import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/** A name as people mean it, case and runs of spaces aside: "Riverside  family therapy" is "Riverside Family Therapy". */
export const nameKey = (name: string): string => name.trim().replace(/\s+/g, ' ').toLowerCase();

/** The column holds the same name as `name`, compared as nameKey compares them. */
export const sameNameSql = (column: AnyColumn, name: string): SQL =>
  sql`lower(regexp_replace(btrim(${column}), '[[:space:]]+', ' ', 'g')) = ${nameKey(name)}`;
