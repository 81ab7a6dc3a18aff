import type { ApolloServerPlugin } from '@apollo/server';
import {
  type ArgumentNode,
  type DocumentNode,
  GraphQLError,
  type GraphQLSchema,
  getOperationAST,
  getVariableValues,
  Kind,
  visit,
} from 'graphql';
import { type ComplexityEstimator, getComplexity, simpleEstimator } from 'graphql-query-complexity';

/** Each field costs 1; a connection costs its page size (first, else the default 20) times its selection. */
const pageSizeEstimator: ComplexityEstimator = ({ args, childComplexity }) => {
  if (typeof args.first === 'number') return 1 + Math.max(args.first, 1) * childComplexity;
  if ('first' in args || 'after' in args) return 1 + 20 * childComplexity;
  return undefined;
};

// A document's cost depends on its variables only through the page arguments the estimator reads
// (first's value, whether after is given) and the directives that drop fields (@include, @skip).
// Apollo hands back the same parsed document for the same query text, so a cost is worked out once
// per document and those values, not on every request (a few dozen values per document at most).
const VALUES_KEPT = 32;
type Known = { byValue: string[]; byPresence: string[]; costs: Map<string, number> };
const known = new WeakMap<DocumentNode, Known>();

function knownFor(document: DocumentNode): Known {
  let entry = known.get(document);
  if (entry) return entry;
  const byValue = new Set<string>();
  const byPresence = new Set<string>();
  const variable = (arg: ArgumentNode) => (arg.value.kind === Kind.VARIABLE ? arg.value.name.value : null);
  visit(document, {
    Field(node) {
      for (const arg of node.arguments ?? []) {
        const name = variable(arg);
        if (name && arg.name.value === 'first') byValue.add(name);
        if (name && arg.name.value === 'after') byPresence.add(name);
      }
    },
    Directive(node) {
      for (const arg of node.arguments ?? []) {
        const name = variable(arg);
        if (name) byValue.add(name);
      }
    },
  });
  entry = { byValue: [...byValue], byPresence: [...byPresence], costs: new Map() };
  known.set(document, entry);
  return entry;
}

function costKey(entry: Known, operationName: string | undefined, variables: Record<string, unknown>): string {
  return JSON.stringify([
    operationName ?? null,
    // An absent variable (its default, or the argument left out) costs differently from null.
    entry.byValue.map((name) => (variables[name] === undefined ? '(absent)' : variables[name])),
    entry.byPresence.map((name) => variables[name] !== undefined),
  ]);
}

/**
 * Refuses an operation whose worst-case result is too large before it runs. Depth, aliases and
 * tokens are limited separately (graphql-armor, Apollo's parseOptions); this is the cost of nested pages.
 * Runs after validation; variables that do not coerce are left to execution, which answers them
 * as BAD_USER_INPUT (never a 500 from here). `getVariableValues` comes from graphql's main entry:
 * its deep path ('graphql/execution/values') can load a second copy of graphql beside the schema's
 * (it did under Vitest), whose every coercion then failed, and the limit was skipped for any
 * operation with variables.
 */
export function complexityLimit(schema: GraphQLSchema, maximum: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document }) {
          const entry = knownFor(document);
          const key = costKey(entry, request.operationName, request.variables ?? {});
          let complexity = entry.costs.get(key);
          if (complexity === undefined) {
            const operation = getOperationAST(document, request.operationName);
            if (!operation) return;
            const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {});
            if (coerced.errors) return;
            complexity = getComplexity({
              schema,
              query: document,
              operationName: request.operationName,
              variables: request.variables,
              estimators: [pageSizeEstimator, simpleEstimator({ defaultComplexity: 1 })],
            });
            if (entry.costs.size < VALUES_KEPT) entry.costs.set(key, complexity);
          }
          if (complexity > maximum) {
            throw new GraphQLError(
              `This query is too expensive (cost ${complexity}, limit ${maximum}): ask for smaller pages or fewer fields`,
              { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 } } },
            );
          }
        },
      };
    },
  };
}
