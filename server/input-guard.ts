import type { ApolloServerPlugin } from '@apollo/server';
import { type DocumentNode, GraphQLError, Kind, visit } from 'graphql';

/**
 * Characters no text column can store: PostgreSQL refuses NUL in text, and half of a UTF-16
 * surrogate pair (a lone surrogate) has no UTF-8 form at all.
 */
const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UNSTORABLE = { test: (s: string) => s.includes(NUL) || LONE_SURROGATE.test(s) };

function badInput(where: string): GraphQLError {
  return new GraphQLError(`${where} contains a character that is not allowed (NUL or half a surrogate pair)`, {
    extensions: { code: 'BAD_USER_INPUT', http: { status: 400 } },
  });
}

/**
 * No input of the schema nests anywhere near this deep (an input object holding a list of input
 * objects is a handful of levels); JSON nested thousands deep would otherwise overflow the stack
 * of whatever walks it first.
 */
export const MAX_VARIABLE_DEPTH = 32;

class TooDeep extends Error {}

function findBadString(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path : null;
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
      const found = UNSTORABLE.test(key) ? path : findBadString(inner, `${path}.${key}`, depth + 1);
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

function literalWithBadString(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING](node) {
      if (UNSTORABLE.test(node.value)) found = true;
    },
  });
  return found;
}

/**
 * Refuses, before anything runs, every string argument the database could not store, whether it
 * arrives as a variable or a literal: one check for every field of every operation.
 */
export function inputGuard(): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          let variable: string | null;
          try {
            variable = findBadString(request.variables ?? {}, '$');
          } catch (e) {
            if (e instanceof TooDeep) throw tooDeep();
            throw e;
          }
          if (variable) throw badInput(`Variable ${variable === '$' ? '' : variable.slice(2)}`.trim());
          if (literalWithBadString(document)) throw badInput('An argument');
        },
      };
    },
  };
}
