import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import type { Context } from '../schema/context';
import { maskedOriginal } from './errors';
import type { Logger } from './logger';
import type { Metrics } from './metrics';
import { clientAddress, peerIsTrusted, type TrustProxy } from './proxy-trust';
import WEB_OPERATIONS from './web-operations.json';

/** What one request learns about itself as it runs, for its log line and metrics. */
export type RequestRecord = {
  id: string;
  operation?: string;
  errorCodes: string[];
  logger: Logger;
  /** A 5xx that is the expected answer (readiness while shutting down): logged at info, not error. */
  expected?: boolean;
  /** Apollo's request pipeline ran for it (its errors are recorded by requestRecordPlugin). */
  graphql?: boolean;
};

// Each request's record, found by its IncomingMessage (or, in GraphQL, its context: graphql.ts)
// rather than through an AsyncLocalStorage: one in use makes Node 20 run a hook on every promise.
const records = new WeakMap<IncomingMessage, RequestRecord>();

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/**
 * Runs one request with a request id (the trusted proxy's X-Request-Id, else a new one, echoed
 * back), then writes one log line and its metrics when the response finishes. Never logs bodies,
 * variables, cookies or tokens.
 */
export function trackRequest(
  req: IncomingMessage,
  res: ServerResponse,
  deps: { logger: Logger; metrics?: Metrics; trust: TrustProxy },
  handle: () => Promise<void>,
): Promise<void> {
  const offered = req.headers['x-request-id'];
  const id =
    typeof offered === 'string' && REQUEST_ID.test(offered) && peerIsTrusted(req, deps.trust) ? offered : randomUUID();
  res.setHeader('X-Request-Id', id);
  // The request's child logger is made only when something logs through it (an error): most
  // requests never do, and a pino child per request was measurable (npm run bench:overhead).
  let child: Logger | undefined;
  const record: RequestRecord = {
    id,
    errorCodes: [],
    get logger() {
      child ??= deps.logger.child({ reqId: id });
      return child;
    },
  };
  // Read now: once the connection closes, the socket no longer knows its peer.
  const ip = clientAddress(req, deps.trust);
  const started = process.hrtime.bigint();
  deps.metrics?.inFlight.inc();
  res.once('close', () => {
    // Logging must never take the process down, whatever state the connection is in.
    try {
      deps.metrics?.inFlight.dec();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      const route = path === '/graphql' ? operationLabel(record.operation) : routeLabel(path);
      const status = res.writableFinished ? res.statusCode : 499;
      deps.metrics?.requestDuration.observe({ route, method: req.method ?? 'GET', status: String(status) }, seconds);
      for (const code of record.errorCodes) deps.metrics?.graphqlErrors.inc({ code });
      const line = {
        reqId: id,
        method: req.method,
        path,
        operation: record.operation,
        status,
        durationMs: Math.round(seconds * 10_000) / 10,
        ip,
        errors: record.errorCodes.length ? record.errorCodes : undefined,
      };
      if (status >= 500 && !record.expected) deps.logger.error(line, 'request failed');
      else deps.logger.info(line, 'request');
    } catch (error) {
      fallbackLogger?.error({ err: error }, 'request log failed');
    }
  });
  records.set(req, record);
  return handle();
}

// Operation names come from clients. The web app's own (web-operations.json, written by
// `npm run schema:print`) always have their label; other clients' names share a further 100, then
// pool into graphql:other, so nobody can grow the metrics without bound or crowd out the app's names.
const webOperations = new Set<string>(WEB_OPERATIONS);
const MAX_OTHER_LABELS = 100;
const otherLabels = new Set<string>();
function operationLabel(operation: string | undefined): string {
  const name = operation ?? 'unknown';
  if (webOperations.has(name) || otherLabels.has(name)) return `graphql:${name}`;
  if (otherLabels.size >= MAX_OTHER_LABELS) return 'graphql:other';
  otherLabels.add(name);
  return `graphql:${name}`;
}

// Paths that keep their own label; server/ops.ts answers the three /ops/ ones.
const NAMED_ROUTES = new Set([
  '/healthz',
  '/readyz',
  '/metrics',
  '/exports/commissions.csv',
  '/ops/reconcile',
  '/ops/zone-create',
  '/ops/backup',
]);

/**
 * Bounded label values: web routes and assets collapse into a few names. A path a client makes
 * up never becomes a label of its own (each would be a new series for as long as the process lives).
 */
function routeLabel(path: string): string {
  if (NAMED_ROUTES.has(path)) return path;
  if (path.startsWith('/assets/')) return 'assets';
  if (path.startsWith('/openreferral/')) return 'openreferral';
  if (path.startsWith('/ops/')) return 'ops:other';
  return 'web';
}

/** The record trackRequest keeps for this request. */
export function requestRecordOf(req: IncomingMessage): RequestRecord | undefined {
  return records.get(req);
}

let fallbackLogger: Logger | undefined;
/** The logger for errors outside any request (set once by the server). */
export function setFallbackLogger(logger: Logger): void {
  fallbackLogger = logger;
}

/** Logs a server error once, with its stack and, given the request, its id; clients never see it. */
export function logServerError(error: unknown, message = 'unexpected error', req?: IncomingMessage): void {
  const logger = (req && records.get(req)?.logger) ?? fallbackLogger;
  if (logger) logger.error({ err: error }, message);
  else console.error(message, error);
}

/**
 * Records each GraphQL operation's name on its request, and the codes of the errors it answers
 * with (logs and the portal_graphql_errors_total metric), after formatError: a refused input
 * counts as BAD_USER_INPUT, never as the INTERNAL_SERVER_ERROR it was before formatting. An error
 * formatError masked is logged here with the request's id. `recordOf` finds a context's request.
 */
export function requestRecordPlugin(
  recordOf: (ctx: Context) => RequestRecord | undefined,
): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ request, contextValue }) {
      const record = recordOf(contextValue);
      if (!record) return {};
      record.graphql = true;
      if (request.operationName) record.operation = request.operationName.slice(0, 100);
      return {
        async didResolveOperation({ operationName, operation }) {
          record.operation = (operationName ?? `anonymous ${operation?.operation ?? 'operation'}`).slice(0, 100);
        },
        async willSendResponse({ response }) {
          const { body } = response;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          for (const error of errors ?? []) {
            record.errorCodes.push(String(error.extensions?.code));
            const original = maskedOriginal(error);
            if (original !== undefined) record.logger.error({ err: original }, 'unexpected error');
          }
        },
      };
    },
  };
}
