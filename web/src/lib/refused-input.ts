import { mapExchange } from '@urql/solid';

/**
 * When the server refuses a mutation's input before running it (a top-level BAD_USER_INPUT error,
 * e.g. "Variable input.name is made only of invisible characters"), there is no typed result for
 * the form to read, and every form would say "could not save just now" (a fault, try again) when
 * the person has something to fix. This turns such an answer into an error result under each of
 * the mutation's fields, so settleResult and formErrors show the server's message in the summary.
 */
export const refusedInput = mapExchange({
  onResult(result) {
    if (result.operation.kind !== 'mutation' || result.data) return result;
    const refused = result.error?.graphQLErrors.find((e) => e.extensions?.code === 'BAD_USER_INPUT');
    if (!refused) return result;
    const data: Record<string, { __typename: 'RefusedInput'; message: string }> = {};
    for (const d of result.operation.query.definitions) {
      if (d.kind !== 'OperationDefinition') continue;
      for (const s of d.selectionSet.selections)
        if (s.kind === 'Field')
          data[s.alias?.value ?? s.name.value] = { __typename: 'RefusedInput', message: refused.message };
    }
    return { ...result, data };
  },
});
