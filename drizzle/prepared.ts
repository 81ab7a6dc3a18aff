import type postgres from 'postgres';

/**
 * A full-text search's best plan depends on its words (a common word matches thousands of listings,
 * a rare one a few), and PostgreSQL's generic plan for a prepared statement cannot see them:
 * measured on the 100,000-listing seed, the broad-text page statement took 106 ms on the generic
 * plan PostgreSQL chose after five runs and 58 ms planned for its words. Such statements stay
 * unnamed, planned each time.
 */
export const plannedEachTime = (query: string): boolean => query.includes('to_tsquery(');

/**
 * Drizzle asks postgres.js for an unnamed statement on every query it has not been told to
 * `.prepare(name)` (`{ prepare: false }`), overriding the client's `prepare: true`: PostgreSQL parsed
 * and planned each search again on every request, and postgres.js sent each query with parameters
 * in two round trips (Parse and Describe, to learn the parameters' types, then Bind and Execute).
 * This view of the client asks for named statements instead (but for those above): postgres.js
 * prepares each distinct SQL text once per connection, then sends it in one round trip, and
 * PostgreSQL can keep its plan. Measured on the 100,000-listing seed: the within-5 km candidates
 * statement took 4.5 ms a run unprepared and 1.8 ms prepared (README, Towards national scale).
 * Transactions and savepoints hand drizzle a client of their own, which gets the same view. Without
 * `prepare` on the client (PgBouncer in transaction mode), postgres.js prepares nothing whatever a
 * query asks.
 */
export function preparingStatements<T extends postgres.Sql>(sql: T): T {
  return new Proxy(sql, {
    get(target, key) {
      if (key === 'unsafe')
        return (query: string, args?: unknown[], options?: object) =>
          target.unsafe(query, args as never, { ...options, prepare: !plannedEachTime(query) });
      if (key === 'begin' || key === 'savepoint')
        return (...args: unknown[]) => {
          const body = args.pop() as (tx: postgres.Sql) => unknown;
          const open = Reflect.get(target, key) as (...a: unknown[]) => unknown;
          return open.call(target, ...args, (tx: postgres.Sql) => body(preparingStatements(tx)));
        };
      return Reflect.get(target, key);
    },
  });
}
