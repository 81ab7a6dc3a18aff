/** A failed query as urql reports it: a network failure, or the GraphQL errors the server answered with. */
export type QueryError = {
  message: string;
  graphQLErrors?: { message: string; extensions?: Record<string, unknown> }[];
};

// By the error's code, never its message: graphql-js's own wording ("Variable "$filter" got invalid
// value ...") is for developers, and names the query's insides.
const WORDS: Record<string, string> = {
  UNAUTHENTICATED: 'Sign in to see this page.',
  FORBIDDEN: 'You do not have access to this page.',
  BAD_USER_INPUT:
    'Something in the page’s address is not valid, so it could not be shown. Check the link, or change the filters.',
  QUERY_TOO_COMPLEX: 'That asks for too much at once. Change the filters and try again.',
};
const SERVER_FAULT = 'Something went wrong on our side. Try again, or contact support if it keeps happening.';
const NO_CONNECTION = 'We could not reach the server. Check your connection and try again.';

/** The server refused the page's place in its list: another list's cursor, or one kept after the filters changed. */
export function cursorRefused(error?: QueryError): boolean {
  return !!error?.graphQLErrors?.some((e) =>
    ((e.extensions?.fieldErrors ?? []) as { path: string[] }[]).some((f) =>
      /^(after|before)$/.test(f.path.at(-1) ?? ''),
    ),
  );
}

/** The address without its place in the list (after, before, at): the list's first page, filters kept. */
export function firstPageHref(pathname: string, search: string): string {
  const params = new URLSearchParams(search);
  for (const key of ['after', 'before', 'at']) params.delete(key);
  const rest = params.toString();
  return rest ? `${pathname}?${rest}` : pathname;
}

/** What to tell a person about a failed query, in the portal's words. */
export function queryErrorText(error: QueryError): string {
  const first = error.graphQLErrors?.[0];
  if (!first) return NO_CONNECTION;
  if (cursorRefused(error)) return 'This page’s place in the list does not fit its filters or order any more.';
  return WORDS[String(first.extensions?.code ?? '')] ?? SERVER_FAULT;
}
