import { unwrapResolverError } from '@apollo/server/errors';
import { PothosValidationError } from '@pothos/core';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { AppError, ForbiddenError, ValidationError } from '../schema/domain/errors';
import { withEchoesCut } from './echoed-input';
import { logServerError } from './request-log';

// Codes that are safe to show: everything else is masked so no stack trace, SQL or
// internal message ever reaches a client.
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'OPERATION_RESOLUTION_FAILURE',
  'PERSISTED_QUERY_NOT_FOUND',
  'QUERY_TOO_COMPLEX',
]);

// What formatError hid behind "Something went wrong", by the error it answered with: the request's
// plugin logs it with the request's id (request-log.ts), as formatError cannot see the request.
const masked = new WeakMap<GraphQLFormattedError, unknown>();

/** The original of an error formatError masked, once (a second call answers undefined). */
export function maskedOriginal(shown: GraphQLFormattedError): unknown {
  const original = masked.get(shown);
  masked.delete(shown);
  return original;
}

/**
 * The error as the client sees it (its code is counted on the request by requestRecordPlugin).
 * An unexpected error is masked; its original is logged with the request's id when the answer is
 * sent, or, failing that (an answer without Apollo's pipeline), here without it.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const visible = publicError(formatted, error);
  const shown: GraphQLFormattedError = { ...visible, message: withEchoesCut(visible.message) };
  if (shown.extensions?.code === 'INTERNAL_SERVER_ERROR') {
    const original = unwrapResolverError(error);
    masked.set(shown, original);
    // Nothing claimed it by the next turn of the event loop: log it without the request.
    setImmediate(() => {
      if (masked.has(shown)) logServerError(maskedOriginal(shown));
    });
  }
  return shown;
}

function publicError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  const base = { locations: formatted.locations, path: formatted.path };
  // A domain error thrown from a query (mutations return them as data) is the user's to read.
  if (original instanceof ValidationError) {
    return {
      ...base,
      message: original.message,
      extensions: { code: 'BAD_USER_INPUT', fieldErrors: original.fieldErrors },
    };
  }
  // e.g. "Invalid global ID": about the request, safe to say.
  if (original instanceof PothosValidationError) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  // A refusal from a query says so: the role may not ask this, whatever the input.
  if (original instanceof ForbiddenError) {
    return { ...base, message: original.message, extensions: { code: 'FORBIDDEN' } };
  }
  if (original instanceof AppError) {
    return { ...base, message: original.message, extensions: { code: 'BAD_USER_INPUT' } };
  }
  // graphql-js stops coercing variables after 50 bad values and says so without a code.
  if (original instanceof GraphQLError && original.message.startsWith('Too many errors processing variables')) {
    return {
      ...base,
      message: 'Too many invalid variable values (50 at most are reported)',
      extensions: { code: 'BAD_USER_INPUT' },
    };
  }
  // Apollo says this of an automatic persisted query without a code: the client sent a wrong hash.
  if (original instanceof GraphQLError && original.message === 'provided sha does not match query') {
    return {
      ...base,
      message: 'The persisted query’s sha256Hash does not match its query text',
      extensions: { code: 'BAD_REQUEST' },
    };
  }
  // ...and this of a persistedQuery extension that is not version 1 (a string, {}, version 2).
  if (original instanceof GraphQLError && original.message === 'Unsupported persisted query version') {
    return {
      ...base,
      message: 'The persistedQuery extension must be { version: 1, sha256Hash }',
      extensions: { code: 'BAD_REQUEST' },
    };
  }
  const code = String(formatted.extensions?.code ?? 'INTERNAL_SERVER_ERROR');
  // The parser recurses into nested lists and objects: nested thousands deep, it runs out of stack
  // and its RangeError would be passed on as the message.
  if (code === 'GRAPHQL_PARSE_FAILED' && !formatted.message.startsWith('Syntax Error')) {
    return { ...base, message: 'Syntax Error: the document nests too deeply to read', extensions: { code } };
  }
  if (PUBLIC_CODES.has(code)) {
    // The input guard says which argument it refused and why (see server/input-guard.ts); so do
    // graphql-js's refusals of a variable's value, read from its message.
    const { reason, argument } = { ...variableRefused(formatted.message), ...formatted.extensions };
    const said = { ...(reason ? { reason } : {}), ...(argument ? { argument } : {}) };
    return { ...base, message: formatted.message, extensions: { code, ...said } };
  }
  return {
    ...base,
    message: 'Something went wrong. Try again, or contact support if it keeps happening.',
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

// 'Variable "$input" got invalid value 9999999900 at "input.amountPence"; Int cannot represent non
// 32-bit signed integer value: 9999999900': which argument ("input.amountPence", or the variable
// itself), and NUMBER_TOO_LARGE for a whole number past Int's range, so a form can say so beside its
// box rather than show these words.
// The value may itself hold "; " (a text): the at-clause is looked for first.
const VARIABLE_REFUSED = /^Variable "\$([^"]+)" got invalid value (?:[\s\S]*? at "([^"]+)"|[\s\S]*?); ([\s\S]*)$/;

function variableRefused(message: string): { argument?: string; reason?: string } {
  const refused = VARIABLE_REFUSED.exec(message);
  if (!refused) return {};
  const [, variable, at, why] = refused;
  const tooLarge = why!.startsWith('Int cannot represent non 32-bit signed integer value');
  return { argument: at ?? variable, ...(tooLarge ? { reason: 'NUMBER_TOO_LARGE' } : {}) };
}
