import { subscribe } from 'node:diagnostics_channel';
import { sql } from 'drizzle-orm';
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { DbHandle } from '../drizzle/client';
import { rowsOf } from '../schema/domain/rows';
import { TRANSACTION_RETRY_CHANNEL } from '../schema/domain/transaction';
import { checkDataFolder, DATABASE_TIMEOUT_MS, probeDatabase, within } from './health';

export type Metrics = ReturnType<typeof createMetrics>;

/** One registry per server: process, HTTP, GraphQL, database and commission figures. */
export function createMetrics(
  handle: Pick<DbHandle, 'db' | 'kind' | 'dataDir'>,
  poolSize: number,
  replica?: { check: () => Promise<boolean> },
) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });

  const requestDuration = new Histogram({
    name: 'portal_http_request_duration_seconds',
    help: 'HTTP requests by route (GraphQL operation name for /graphql), method and status',
    labelNames: ['route', 'method', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const graphqlErrors = new Counter({
    name: 'portal_graphql_errors_total',
    help: 'GraphQL errors by extensions.code',
    labelNames: ['code'],
    registers: [registry],
  });
  const transactionRetries = new Counter({
    name: 'portal_transaction_retries_total',
    help: 'Database transactions retried after a serialisation failure or deadlock, by SQLSTATE',
    labelNames: ['sqlstate'],
    registers: [registry],
  });
  subscribe(TRANSACTION_RETRY_CHANNEL, (message) =>
    transactionRetries.inc({ sqlstate: String((message as { code?: string }).code ?? 'unknown') }),
  );
  const inFlight = new Gauge({
    name: 'portal_http_requests_in_flight',
    help: 'Requests being answered now',
    registers: [registry],
  });

  // The database's figures are read within a second, or left out: with the database down or slow,
  // a scrape still answers with the process's own figures and portal_db_up 0, never hangs or fails.
  // PGlite without its data folder still answers from memory: its figures are left out then too.
  const fromDatabase = async <T>(query: () => Promise<unknown>): Promise<T[] | null> => {
    try {
      await checkDataFolder(handle);
      return rowsOf(await within(DATABASE_TIMEOUT_MS, query(), 'the database')) as T[];
    } catch {
      return null;
    }
  };
  new Gauge({
    name: 'portal_db_up',
    help: 'Whether the database answered a trivial query within a second, and PGlite still has its data folder (1) or not (0)',
    registers: [registry],
    async collect() {
      this.set(
        (await probeDatabase(handle).then(
          () => true,
          () => false,
        ))
          ? 1
          : 0,
      );
    },
  });
  if (replica)
    new Gauge({
      name: 'portal_db_read_up',
      help: 'Whether the read replica (DATABASE_READ_URL) answered within a second (1) or not (0: reads go to the primary)',
      registers: [registry],
      async collect() {
        this.set((await replica.check()) ? 1 : 0);
      },
    });
  new Gauge({
    name: 'portal_db_pool_connections',
    help: "This process's database connections by state (PGlite: one, in process)",
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      this.reset();
      this.set({ state: 'max' }, poolSize);
      if (handle.kind === 'pglite') {
        this.set({ state: 'open' }, 1);
        return;
      }
      const rows = await fromDatabase<{ state: string | null; n: number }>(() =>
        handle.db.execute(sql`
          select state, count(*)::int as n from pg_stat_activity
          where application_name = ${`partnership-portal:${process.pid}`} group by state`),
      );
      if (!rows) return;
      this.set(
        { state: 'open' },
        rows.reduce((total, r) => total + r.n, 0),
      );
      for (const r of rows) this.set({ state: r.state ?? 'unknown' }, r.n);
    },
  });
  new Gauge({
    name: 'portal_commissions',
    help: 'Commissions by status, all zones',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      this.reset();
      const rows = await fromDatabase<{ status: string; n: number }>(() =>
        handle.db.execute(sql`select status, count(*)::int as n from commissions group by status`),
      );
      for (const r of rows ?? []) this.set({ status: r.status }, r.n);
    },
  });

  return { registry, requestDuration, graphqlErrors, inFlight };
}
