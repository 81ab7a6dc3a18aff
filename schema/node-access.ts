import type { Context } from './context';

// Visibility rules per GraphQL type, shared by the type's own authScopes and by node(id),
// which must answer null (not an error) for a record the viewer may not see.
// A rule may ask the database (a part of a listing is seen by whoever sees the listing): node(id) awaits it.
type Rule = (row: never, ctx: Context) => boolean | Promise<boolean>;
const rules = new Map<string, Rule>();

export function nodeVisibility<Row, Seen extends boolean | Promise<boolean>>(
  typename: string,
  rule: (row: Row, ctx: Context) => Seen,
) {
  rules.set(typename, rule as Rule);
  return (row: Row, ctx: Context) => rule(row, ctx);
}

export function isNodeVisible(typename: string, row: unknown, ctx: Context): boolean | Promise<boolean> {
  const rule = rules.get(typename);
  // Types without a rule are never reachable through node(id).
  return rule ? rule(row as never, ctx) : false;
}
