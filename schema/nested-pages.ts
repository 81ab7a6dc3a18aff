import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import { type PageArgs, pageSizeOk } from './types/pagination';

// A nested connection's page (t.relatedConnection: viewer.caseload, an organisation's services) is
// planned into its parent's one SQL statement, and the drizzle plugin checks the page arguments
// while planning: a bad size (first: -1) was thrown from the parent's resolver, so the whole parent
// was null and the error was on the parent's path. Here a page of a bad size is left out of the
// parent's statement instead; the field then resolves on its own (the drizzle plugin loads a
// relation its parent did not), where the page-size rule fails on the field itself, and the parent
// and its other fields stay.
// A Pothos plugin registered after the drizzle plugin in schema/builder.ts.

type Select = (args: PageArgs & { after?: unknown; before?: unknown }, ...rest: unknown[]) => unknown;
const NOTHING = { columns: {} };

// Only the page's own size is judged here. An error from beneath it (a child's bad outcomeMeasures
// limit) is left to fail as before: leaving the page out for that made the list answer an internal error.
// first and last together fail the same way in planning; a cursor that is not for this page is
// left out by page-cursors.ts.
function deferBadPage(select: Select): Select {
  return (args, ...rest) =>
    pageSizeOk(args.first) && pageSizeOk(args.last) && (args.first == null || args.last == null)
      ? select(args, ...rest)
      : NOTHING;
}

class NestedPagesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const select = fieldConfig.extensions?.pothosDrizzleSelect;
    // Connections only: their resolver checks the page again, so a page left out is never an empty answer.
    const connection = 'first' in fieldConfig.args && 'last' in fieldConfig.args && 'after' in fieldConfig.args;
    if (typeof select !== 'function' || !connection) return fieldConfig;
    return {
      ...fieldConfig,
      extensions: { ...fieldConfig.extensions, pothosDrizzleSelect: deferBadPage(select as Select) },
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      nestedPages: NestedPagesPlugin<Types>;
    }
  }
}

export const nestedPagesPlugin = 'nestedPages' as const;
SchemaBuilder.registerPlugin(nestedPagesPlugin, NestedPagesPlugin);
