import { cacheExchange, createClient, fetchExchange, mapExchange } from '@urql/solid';

type Listener = () => void;
const signedOutListeners = new Set<Listener>();

/** Called when an answer shows the session has ended (elsewhere, or by expiry). */
export function onSignedOut(listener: Listener): () => void {
  signedOutListeners.add(listener);
  return () => signedOutListeners.delete(listener);
}

/**
 * Any answer that says "not signed in" (an UNAUTHENTICATED error, or `viewer: null` from a page's
 * own query) tells the session to look again, so an ended session is noticed on the next request.
 */
const sessionWatch = mapExchange({
  onResult(result) {
    const unauthenticated = result.error?.graphQLErrors.some((e) => e.extensions?.code === 'UNAUTHENTICATED');
    const data = result.data as Record<string, unknown> | undefined;
    const isViewerQuery = result.operation.query.definitions.some(
      (d) => d.kind === 'OperationDefinition' && d.name?.value === 'Viewer',
    );
    const noViewer = !isViewerQuery && result.operation.kind === 'query' && data?.viewer === null;
    if (unauthenticated || noViewer) for (const listener of signedOutListeners) listener();
    // An answer without data may be a mutation refused before it ran: its reason, for the form
    // (the answer as it is if that code cannot be loaded, e.g. offline).
    if (!result.data && result.error?.graphQLErrors[0])
      return import('./refused-input').then(
        (m) => m.refusedInput(result),
        () => result,
      );
    return result;
  },
});

/**
 * The one GraphQL client. POST always: Apollo's CSRF guard refuses simple GET requests. The session
 * cookie goes with each request by fetch's own default (credentials: 'same-origin').
 */
export const client = createClient({
  url: '/graphql',
  preferGetMethod: false,
  exchanges: [cacheExchange, sessionWatch, fetchExchange],
  requestPolicy: 'cache-and-network',
});
