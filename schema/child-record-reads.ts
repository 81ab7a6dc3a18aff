import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { GraphQLFieldResolver } from 'graphql';
import type { Context } from './context';
import { noteChildRecordRead } from './domain/child-read';

// The parts of a child's record beyond the caseload's register: what the child struggles with,
// their programme and its outcome schedule, and the family's consent history (a withdrawal's reason
// is the family's own words). Reading any of them, by whatever path (a caseload page, a commission's
// child) and whoever may (a commissioner reads consent), is a read of the full record and is
// audited (domain/child-read.ts). Names, year group and school are the caseload's register and are
// not. A Pothos plugin: it notes a read only once the field's own resolver (and its authorisation)
// has given the value.
const FULL_RECORD = new Set([
  'dateOfBirth',
  'needs',
  'outcomeMeasures',
  'outcomeChanges',
  'outcomeSchedule',
  'programmeStart',
  'programmeEnd',
  'consentHistory',
]);

class ChildRecordReadsPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    if (fieldConfig.parentType !== 'Child' || !FULL_RECORD.has(fieldConfig.name)) return resolver;
    return async (parent, args, ctx, info) => {
      const value = await resolver(parent, args, ctx, info);
      const id = (parent as { id?: number }).id;
      if (value != null && typeof id === 'number') noteChildRecordRead(ctx as unknown as Context, id);
      return value;
    };
  }
}

declare global {
  export namespace PothosSchemaTypes {
    export interface Plugins<Types extends SchemaTypes> {
      childRecordReads: ChildRecordReadsPlugin<Types>;
    }
  }
}

export const childRecordReadsPlugin = 'childRecordReads' as const;
SchemaBuilder.registerPlugin(childRecordReadsPlugin, ChildRecordReadsPlugin);
