import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Each field costs 1; a connection costs its page size (first, else the default 20) times its selection. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + Math.max(args.first, 1) * childComplexity;
  if ('first' in args || 'after' in args) return 1 + 20 * childComplexity;
  return undefined;
};

/**
 * Refuses an operation whose worst-case result is too large before it runs. Depth, aliases and
 * tokens are limited separately (graphql-armor); this is the cost of nested pages of 100.
 */
export function complexityLimit(schema: GraphQLSchema, maximum: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
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
              {
                extensions: { code: 'QUERY_TOO_COMPLEX' },
              },
            );
          }
        },
      };
    },
  };
}
