import { cacheExchange, createClient, fetchExchange } from '@urql/solid';

/** The one GraphQL client. POST always: Apollo's CSRF guard refuses simple GET requests. */
export const client = createClient({
  url: '/graphql',
  preferGetMethod: false,
  exchanges: [cacheExchange, fetchExchange],
  fetchOptions: { credentials: 'same-origin' },
  requestPolicy: 'cache-and-network',
});
