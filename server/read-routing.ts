import type { ApolloServerPlugin } from '@apollo/server';
import { type FragmentDefinitionNode, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { Db } from '../drizzle/client';
import type { Context } from '../schema/context';
import { replicaReadFailure } from './database-errors';
import routing from './read-replica-fields.json';

// Read-only traffic to the streaming replica (DATABASE_READ_URL). The choice is made once per
// operation, after parsing and before any resolver runs: a query whose every root field is a
// listed read (directory search, reports) runs wholly on the replica; anything else, mutations
// above all, runs wholly on the primary, so reads inside a write never see the replica.
// The session was looked up on the primary before this (a new sign-in is there at once).

const READ_FIELDS = new Set<string>(routing.fields);

function rootFields(set: SelectionSetNode, fragments: Record<string, FragmentDefinitionNode>, out: string[]): void {
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s.name.value);
    else if (s.kind === Kind.INLINE_FRAGMENT) rootFields(s.selectionSet, fragments, out);
    else {
      const fragment = fragments[s.name.value];
      if (fragment) rootFields(fragment.selectionSet, fragments, out);
      else out.push(''); // unknown: validation fails it; never the replica
    }
  }
}

/** True when this operation may read from the replica. */
export function readsOnly(
  operation: OperationDefinitionNode,
  fragments: Record<string, FragmentDefinitionNode> = {},
): boolean {
  if (operation.operation !== 'query') return false;
  const fields: string[] = [];
  rootFields(operation.selectionSet, fragments, fields);
  const data = fields.filter((f) => f !== '__typename');
  return data.length > 0 && data.every((f) => READ_FIELDS.has(f));
}

// A request's routing, kept on its context under a symbol: Apollo runs each operation on a shallow
// copy of the context, which shares this object, so the caller sees what the operation found.
const ROUTING = Symbol('read routing');
type Routing = { primaryOnly: boolean; replicaFailed: 'lost' | 'cancelled' | null };
const routingOf = (ctx: Context) => (ctx as { [ROUTING]?: Routing })[ROUTING];

/**
 * Starts a request's routing: `replicaFailed` says when its read could not finish on the replica
 * (the connection lost mid-way, or the statement cancelled for a conflict with recovery): run it
 * again with `primaryOnly`, which keeps every read on the primary.
 */
export function trackReadRouting(ctx: Context, primaryOnly: boolean): Routing {
  const routing: Routing = { primaryOnly, replicaFailed: null };
  Object.assign(ctx, { [ROUTING]: routing });
  return routing;
}

/** What the routing needs to know of the replica's health (server/read-replica.ts). */
export type ReplicaHealth = { up: () => boolean; failed: () => void };

/**
 * Switches the request's database to the replica for read-only operations, while the replica
 * answers; while it does not, reads stay on the primary rather than failing.
 */
export function readRoutingPlugin(readDb: Db | undefined, health?: ReplicaHealth): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      if (!readDb || (health && !health.up()) || routingOf(contextValue)?.primaryOnly) return;
      let onReplica = false;
      return {
        async didResolveOperation({ operation, document, contextValue }) {
          const fragments: Record<string, FragmentDefinitionNode> = {};
          for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments[d.name.value] = d;
          if (operation && readsOnly(operation, fragments)) {
            // Writes a read-only request makes after its response (the search log) still go to the primary.
            contextValue.primaryDb = contextValue.db;
            contextValue.db = readDb;
            onReplica = true;
          }
        },
        // A failure on the replica may be the replica gone: have it asked now, not at the next probe.
        // A lost connection (a replica stopping mid-read) or a statement the replica cancelled is a
        // read the primary can answer instead.
        async didEncounterErrors({ errors, contextValue }) {
          if (!onReplica) return;
          health?.failed();
          const routing = routingOf(contextValue);
          const failed = errors.map((e) => replicaReadFailure(e.originalError)).find((f) => f);
          if (routing && failed) routing.replicaFailed ??= failed;
        },
      };
    },
  };
}
