import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema, getOperationAST } from 'graphql';
import { getVariableValues } from 'graphql/execution/values';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Each field costs 1; a connection costs its page size (first, else the default 20) times its selection. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + Math.max(args.first, 1) * childComplexity;
  if ('first' in args || 'after' in args) return 1 + 20 * childComplexity;
  return undefined;
};

/**
 * Refuses an operation whose worst-case result is too large before it runs. Depth, aliases and
 * tokens are limited separately (graphql-armor, Apollo's parseOptions); this is the cost of nested pages.
 * Runs after validation; variables that do not coerce are left to execution, which answers them
 * as BAD_USER_INPUT (never a 500 from here).
 */
export function complexityLimit(schema: GraphQLSchema, maximum: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const operation = getOperationAST(document, request.operationName);
          if (!operation) return;
          const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
          if (coerced.errors) return;
          const complexity = getComplexity({
            schema,
            query: document,
            operationName: request.operationName,
            variables: request.variables,
            estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
          });
          if (complexity > maximum) {
            throw new GraphQLError(
              `This query is too expensive (cost ${complexity}, limit ${maximum}): ask for smaller pages or fewer fields`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
