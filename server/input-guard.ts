import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, visit } from 'graphql';
import { hasLoneSurrogate, isInvisibleOnly } from '../schema/domain/text';

/**
 * Characters no text column can store: PostgreSQL refuses NUL in text, and half of a UTF-16
 * surrogate pair (a lone surrogate) has no UTF-8 form at all.
 */
const NUL = String.fromCharCode(0);

type Problem = { text: string; reason: 'NOT_STORABLE' | 'INVISIBLE_ONLY' };

/** What is wrong with a string argument, said for the client (and as a code for forms), or null. */
function problemOf(s: string): Problem | null {
  if (s.includes(NUL) || hasLoneSurrogate(s))
    return { text: 'contains a character that is not allowed (NUL or half a surrogate pair)', reason: 'NOT_STORABLE' };
  if (isInvisibleOnly(s)) return { text: 'is made only of invisible characters', reason: 'INVISIBLE_ONLY' };
  return null;
}

/**
 * `argument` (e.g. "input.name") and `reason` let a form put its own words beside the right box;
 * the message stays as API clients have always read it.
 */
function badInput(where: string, problem: Problem, argument?: string): GraphQLError {
  return new GraphQLError(`${where} ${problem.text}`, {
    extensions: { code: 'BAD_USER_INPUT', reason: problem.reason, argument, http: { status: 400 } },
  });
}

/**
 * No input of the schema nests anywhere near this deep (an input object holding a list of input
 * objects is a handful of levels); JSON nested thousands deep would otherwise overflow the stack
 * of whatever walks it first.
 */
export const MAX_VARIABLE_DEPTH = 32;

class TooDeep extends Error {}

type Found = { path: string; problem: Problem };

function findBadString(value: unknown, path: string, depth = 0): Found | null {
  if (typeof value === 'string') {
    const problem = problemOf(value);
    return problem ? { path, problem } : null;
  }
  if (value && typeof value === 'object' && depth >= MAX_VARIABLE_DEPTH) throw new TooDeep(path);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findBadString(value[i], `${path}[${i}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      const keyProblem = problemOf(key);
      const found = keyProblem ? { path, problem: keyProblem } : findBadString(inner, `${path}.${key}`, depth + 1);
      if (found) return found;
    }
  }
  return null;
}

function tooDeep(): GraphQLError {
  return new GraphQLError(`Variables nest more than ${MAX_VARIABLE_DEPTH} levels deep`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

// Apollo hands back the same parsed document for the same query text (its document store), and a
// document never changes: its literals are checked once, not on every request.
const checkedLiterals = new WeakMap<DocumentNode, Problem | null>();

function literalWithBadString(document: DocumentNode): Problem | null {
  const known = checkedLiterals.get(document);
  if (known !== undefined) return known;
  let found: Problem | null = null;
  visit(document, {
    [Kind.STRING](node) {
      found ??= problemOf(node.value);
    },
  });
  checkedLiterals.set(document, found);
  return found;
}

/**
 * Refuses, before anything runs, every string argument the database could not store (or that
 * would be stored as an invisible blank), whether it arrives as a variable or a literal: one check
 * for every field of every operation.
 */
export function inputGuard(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let variable: Found | null;
          try {
            variable = findBadString(request.variables ?? {}, '$');
          } catch (e) {
            if (e instanceof TooDeep) throw tooDeep();
            throw e;
          }
          if (variable) {
            const argument = variable.path === '$' ? undefined : variable.path.slice(2);
            throw badInput(`Variable ${argument ?? ''}`.trim(), variable.problem, argument);
          }
          const literal = literalWithBadString(document);
          if (literal) throw badInput('An argument', literal);
        },
      };
    },
  };
}
