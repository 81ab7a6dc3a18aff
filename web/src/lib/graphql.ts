import { initGraphQLTada } from 'gql.tada';
import type { introspection } from '../graphql-env';

// Typed operations: every document is checked against the committed schema.graphql.
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { DateTime: string; Date: string; SafeInt: number };
}>();

export type { FragmentOf, ResultOf, VariablesOf } from 'gql.tada';
