import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { createDb, type DbHandle } from '../drizzle/client';
import type { DataDirLock } from '../drizzle/data-dir-lock';
import { setSessionLimits } from '../schema/domain/auth';
import { reconcile } from '../schema/domain/reconcile';
import { setSessionCacheSeconds } from '../schema/domain/session-cache';
import { inTransaction } from '../schema/domain/transaction';
import { createZoneWithAdmin, type NewZone } from '../schema/domain/zones';
import { createApp } from './app';
import { databaseProblem } from './database-errors';
import type { Env } from './env';
import { readinessCheck } from './health';
import { scheduleDeadlines } from './jobs/deadlines';
import { scheduleHousekeeping } from './jobs/housekeeping';
import { scheduleOutbox } from './jobs/outbox';
import { listenProblem } from './listen-check';
import { loggerFor } from './logger';
import { createMailTransport } from './mailer';
import { createMetrics } from './metrics';
import { prepareDatabase, prepareInChild } from './prepare-database';
import { statementCounter } from './query-counter';
import { watchReplica } from './read-replica';
import { setFallbackLogger } from './request-log';
import { handleShutdown } from './shutdown';

/** The server: database ready, HTTP listening, jobs scheduled, shutdown handled. */
export async function serve(env: Env, started: number, lock?: DataDirLock): Promise<void> {
  const production = env.NODE_ENV === 'production';
  const logger = loggerFor(env);
  setFallbackLogger(logger);
  process.on('uncaughtException', (error) => {
    logger.fatal({ err: error }, 'uncaught exception');
    process.exit(1);
  });

  // The demo seed never runs in production (serverEnvProblems refuses SEED=demo there).
  const seed = env.SEED ?? (production ? 'none' : 'demo');
  // PGlite: migrations and the seed run in a child that exits first (its heap never shrinks).
  const preparedInChild = Boolean(lock && !env.DATABASE_URL);
  if (preparedInChild) await prepareInChild(lock!, seed);
  // A database that cannot be reached is the operator's to fix: one line, as the commands say it.
  const orExit = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      const problem = env.DATABASE_URL ? databaseProblem(error, env.DATABASE_URL) : null;
      if (problem === null) throw error;
      logger.fatal(problem);
      process.exit(1);
    }
  };
  const handle: DbHandle = await createDb({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    lock,
    logger: statementCounter,
    maxConnections: env.DATABASE_POOL_SIZE,
    pgbouncer: env.DATABASE_PGBOUNCER === 'on',
    pgliteSharedBuffers: env.PGLITE_SHARED_BUFFERS,
  });
  // Read-only traffic (directory search, the ORUK feed, reports) to a streaming replica, when given.
  const readHandle = env.DATABASE_READ_URL
    ? await createDb({
        databaseUrl: env.DATABASE_READ_URL,
        logger: statementCounter,
        maxConnections: env.DATABASE_POOL_SIZE,
        pgbouncer: env.DATABASE_PGBOUNCER === 'on',
        applicationName: 'partnership-portal-read',
      })
    : undefined;
  const replica = readHandle ? watchReplica(readHandle.db, logger) : undefined;
  await replica?.check();

  if (!preparedInChild) await orExit(() => prepareDatabase(handle, { seed, logger }));

  const control = {
    token: randomBytes(24).toString('base64url'),
    reconcile: () => reconcile(handle.db),
    createZone: (input: NewZone) => inTransaction(handle.db, (tx) => createZoneWithAdmin(tx, input)),
    backup: handle.pglite
      ? async () => {
          await handle.pglite!.exec('CHECKPOINT');
          return handle.pglite!.dumpDataDir('gzip');
        }
      : undefined,
  };
  let shutdown: { stopping: () => boolean } | undefined;
  setSessionLimits({ idleMinutes: env.SESSION_IDLE_MINUTES, maxHours: env.SESSION_MAX_HOURS });
  setSessionCacheSeconds(env.SESSION_CACHE_SECONDS);
  const server = await createApp({
    db: handle.db,
    readDb: readHandle?.db,
    replica,
    production,
    logger,
    metrics: createMetrics(handle, handle.kind === 'pglite' ? 1 : env.DATABASE_POOL_SIZE, replica),
    metricsToken: env.METRICS_TOKEN,
    trustProxy: env.TRUST_PROXY,
    publicUrl: env.PUBLIC_URL,
    readiness: readinessCheck(handle, () => shutdown?.stopping() ?? false, replica),
    control: handle.lock ? control : undefined,
    isStopping: () => shutdown?.stopping() ?? false,
  });
  const outbox =
    env.EMAIL === 'on'
      ? scheduleOutbox(handle.db, {
          transport: createMailTransport(env.SMTP_URL, logger),
          from: env.MAIL_FROM,
          baseUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
          logger,
          pollMs: env.EMAIL_POLL_MS,
        })
      : undefined;
  const housekeeping =
    env.HOUSEKEEPING === 'on'
      ? scheduleHousekeeping(handle, {
          everyMinutes: env.HOUSEKEEPING_INTERVAL_MINUTES,
          retentionYears: env.RETENTION_YEARS,
          searchLogMonths: env.SEARCH_LOG_MONTHS,
          emailHistoryMonths: env.EMAIL_HISTORY_MONTHS,
          logger,
        })
      : undefined;
  const deadlines =
    env.HOUSEKEEPING === 'on'
      ? scheduleDeadlines(handle.db, { everyMinutes: env.HOUSEKEEPING_INTERVAL_MINUTES, logger })
      : undefined;
  shutdown = handleShutdown(server, {
    graceMs: env.SHUTDOWN_GRACE_MS,
    drainMs: env.SHUTDOWN_DRAIN_MS,
    logger,
    beforeClose: () => {
      housekeeping?.stop();
      deadlines?.stop();
      replica?.stop();
    },
    // A send stalled at the relay is left after 2 s (its lease runs out and it is sent again, with the
    // same Message-ID, by the next start), so the database still closes within CLOSE_MS.
    close: [
      { what: 'sending email', run: async () => outbox?.stop(), maxMs: 2_000 },
      { what: 'closing the read replica pool', run: async () => readHandle?.close(), maxMs: 1_000 },
      { what: 'closing the database', run: () => handle.close() },
    ],
  });

  server.once('error', (error: NodeJS.ErrnoException) => {
    const problem = listenProblem(error, env.PORT, env.HOST);
    if (!problem) throw error;
    logger.fatal(problem);
    process.exit(1);
  });
  server.listen(env.PORT, env.HOST, () => {
    const { port } = server.address() as AddressInfo;
    handle.lock?.update({ port, controlToken: control.token });
    const where = env.DATABASE_URL
      ? `PostgreSQL${readHandle ? ', reads on the replica' : ''}`
      : `PGlite in ${env.DATA_DIR}`;
    logger.info(
      { port, database: handle.kind, seconds: (Date.now() - started) / 1000 },
      `Portal ready at http://localhost:${port}/ (GraphQL at /graphql, ${where})`,
    );
  });
}
