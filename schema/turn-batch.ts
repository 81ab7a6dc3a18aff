import type { Context } from './context';

// A list's siblings (one organisation per search result, say) resolve their fields in the same turn
// of the event loop. A batcher gathers the keys they ask for until the loop turns, then loads them
// all with one statement, per request and per group (a filter the siblings share). A key asked for
// after the load has started joins a new batch: correct, one more statement.

type Batch<K, V> = { keys: Set<K>; result: Promise<Map<K, V>> };

/** `load` reads many keys at once; the batcher answers each asker with its key's value (undefined if none). */
export function turnBatcher<K, V, G = null>(load: (ctx: Context, keys: K[], group: G) => Promise<Map<K, V>>) {
  const batches = new WeakMap<Context, Map<string, Batch<K, V>>>();
  return async (ctx: Context, key: K, group: G): Promise<V | undefined> => {
    let open = batches.get(ctx);
    if (!open) {
      open = new Map();
      batches.set(ctx, open);
    }
    const groupKey = JSON.stringify(group);
    let batch = open.get(groupKey);
    if (!batch) {
      const keys = new Set<K>();
      const gathering = open;
      const result = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
        gathering.delete(groupKey); // later askers start a batch of their own
        return load(ctx, [...keys], group);
      });
      result.catch(() => {}); // awaited by every asker; never an unhandled rejection meanwhile
      batch = { keys, result };
      open.set(groupKey, batch);
    }
    batch.keys.add(key);
    return (await batch.result).get(key);
  };
}
