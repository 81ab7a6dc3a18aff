import type { OperationResult } from '@urql/solid';

/** The server's reason codes (server/input-guard.ts, server/errors.ts), said for the person filling in the form. */
const SAID: Record<string, string> = {
  INVISIBLE_ONLY: 'Enter letters or numbers: this box holds only invisible characters',
  NOT_STORABLE: 'Retype this box: it holds a character that cannot be saved',
  NUMBER_TOO_LARGE: 'This number is too large: enter a smaller one',
};

/**
 * When the server refuses a mutation's input before running it (a top-level BAD_USER_INPUT error,
 * e.g. "Variable input.name is made only of invisible characters") there is no typed result, and
 * the form would say "could not save just now" when the person has something to fix. This turns
 * the answer into an error result under each of the mutation's fields, with the refused argument
 * as a field error, so settleResult and formErrors put it beside its box (or in the summary).
 * Loaded only when an answer comes back without data, to keep the first page small.
 */
export function refusedInput(result: OperationResult): OperationResult {
  const refused = result.error?.graphQLErrors.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
  if (result.operation.kind !== 'mutation' || !refused) return result;
  const { reason, argument } = refused.extensions as { reason?: string; argument?: string };
  const message = (reason && SAID[reason]) ?? refused.message;
  // "input.items[2].name" -> ["input", "items", "2", "name"], the shape of a typed field error.
  const path = typeof argument === 'string' ? argument.split(/[.[\]]+/).filter(Boolean) : [];
  const answer = { __typename: 'RefusedInput', message, fieldErrors: path.length ? [{ path, message }] : [] };
  const data: Record<string, typeof answer> = {};
  for (const d of result.operation.query.definitions) {
    if (d.kind !== 'OperationDefinition') continue;
    for (const s of d.selectionSet.selections) if (s.kind === 'Field') data[s.alias?.value ?? s.name.value] = answer;
  }
  return { ...result, data };
}
