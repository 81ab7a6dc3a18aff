import SchemaBuilder, {
  BasePlugin,
  type PothosOutputFieldConfig,
  PothosValidationError,
  type SchemaTypes,
} from '@pothos/core';

// A nested connection's page (t.relatedConnection: viewer.caseload, an organisation's services) is
// planned into its parent's one SQL statement, and the drizzle plugin checks the page arguments
// while planning: a bad one (first: -1, a cursor that is not ours) was thrown from the parent's
// resolver, so the whole parent was null and the error was on the parent's path. Here such a page
// is left out of the parent's statement instead; the field then resolves on its own (the drizzle
// plugin loads a relation its parent did not), where zod's page-size rule, or the plugin's own
// check, fails on the field itself, and the parent and its other fields stay.
// A Pothos plugin registered after the drizzle plugin in schema/builder.ts.

type Select = (...args: unknown[]) => unknown;
const NOTHING = { columns: {} };

const isValidation = (error: unknown) => error instanceof PothosValidationError;

function deferErrors(select: Select): Select {
  return (...args) => {
    let planned: unknown;
    try {
      planned = select(...args);
    } catch (error) {
      if (isValidation(error)) return NOTHING;
      throw error;
    }
    if (planned && typeof (planned as PromiseLike<unknown>).then === 'function')
      return Promise.resolve(planned).catch((error: unknown) => {
        if (isValidation(error)) return NOTHING;
        throw error;
      });
    return planned;
  };
}

class NestedPagesPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override onOutputFieldConfig(fieldConfig: PothosOutputFieldConfig<Types>): PothosOutputFieldConfig<Types> {
    const select = fieldConfig.extensions?.pothosDrizzleSelect;
    // Connections only: their resolver checks the page again, so a page left out is never an empty answer.
    const connection = 'first' in fieldConfig.args && 'last' in fieldConfig.args && 'after' in fieldConfig.args;
    if (typeof select !== 'function' || !connection) return fieldConfig;
    return {
      ...fieldConfig,
      extensions: { ...fieldConfig.extensions, pothosDrizzleSelect: deferErrors(select as Select) },
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
