/** How much of a client's own text an error message repeats back. */
export const ECHO_LIMIT = 100;

/** A client's text as an error message quotes it: the first ECHO_LIMIT characters, then "…". */
export function echoed(text: string): string {
  const chars = Array.from(text);
  return chars.length > ECHO_LIMIT ? `${chars.slice(0, ECHO_LIMIT).join('')}…` : text;
}

/**
 * graphql-js repeats the client's names and values whole, in quotes ("Cannot query field
 * "<900 kB>" on type "Query""): each quoted run in a message is cut to ECHO_LIMIT, so an error
 * never mirrors a megabyte back.
 */
export function withEchoesCut(message: string): string {
  return message.replace(/"((?:[^"\\]|\\.)*)"/g, (whole, inner: string) =>
    Array.from(inner).length > ECHO_LIMIT ? `"${echoed(inner)}"` : whole,
  );
}
