import type { ApolloServerPlugin } from '@apollo/server';
import { GraphQLError } from 'graphql';

/**
 * Refuses a subscription as the client's mistake (400 BAD_REQUEST): graphql-js would otherwise
 * throw "not configured to execute subscription" as a server fault.
 */
export function noSubscriptions(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation === 'subscription') {
            const message = 'This API has no subscriptions: ask with a query (and again to see changes)';
            throw new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
        },
      };
    },
  };
}
