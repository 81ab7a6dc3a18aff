import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sql } from 'drizzle-orm';
import type { Db } from '../drizzle/client';
import { exportCommissions, exportUnmetNeed } from './export';
import { exportPaymentRun } from './export-payment-run';
import { createGraphQLHandler } from './graphql';
import { setSecurityHeaders } from './headers';
import { type Readiness, readinessChanges } from './health';
import { json } from './json-response';
import { exportLocalOffer } from './local-offer-pdf';
import { type Logger, silentLogger } from './logger';
import type { Metrics } from './metrics';
import { handleOpenReferral } from './openreferral/index';
import { bearerMatches, handleControl, type ServerControl } from './ops';
import { pageChecks } from './page-status';
import { clientAddress, compileTrust, type TrustProxy } from './proxy-trust';
import type { ReplicaHealth } from './read-routing';
import { logServerError, requestRecordOf, trackRequest } from './request-log';
import { createWebHandler } from './web';
import { WEB_DIR } from './web-build';

export type AppOptions = {
  db: Db;
  /** A streaming replica's pool (DATABASE_READ_URL): directory search, the ORUK feed and reports read there. */
  readDb?: Db;
  /** PUBLIC_URL: where printed links (the local offer's) lead, rather than the request's Host. */
  publicUrl?: string;
  /** The replica's health: while it does not answer, reads go to the primary (server/read-replica.ts). */
  replica?: ReplicaHealth;
  production: boolean;
  webDir?: string;
  logger?: Logger;
  metrics?: Metrics;
  /** Bearer token that lets other hosts read /metrics; loopback may always. */
  metricsToken?: string;
  /** TRUST_PROXY: the reverse proxies whose X-Forwarded-For and X-Request-Id are believed. */
  trustProxy?: string;
  readiness?: () => Promise<Readiness>;
  /** Commands on this machine (reconcile, backup) reach the data through these. */
  control?: ServerControl;
  /** True once shutdown began: responses then close their connections. */
  isStopping?: () => boolean;
  /** The clock the rules read (tests fix it); the real one otherwise. */
  now?: () => Date;
  /** Rows a streamed CSV reads at a time (tests make it small to see the paging); EXPORT_PAGE_SIZE otherwise. */
  exportPageSize?: number;
};

/**
 * Whether the request comes from this machine: its client, not merely its peer. Behind a reverse
 * proxy on the same host (TRUST_PROXY=loopback) every peer is 127.0.0.1; the client is the
 * forwarded address, so the internet is not "this machine".
 */
const isLoopback = (req: IncomingMessage, trust: TrustProxy) =>
  /^(127\.|::1$|::ffff:127\.)/.test(clientAddress(req, trust));

/** /metrics is for this machine, or for a scraper holding METRICS_TOKEN. */
export const metricsAllowed = (req: IncomingMessage, token: string | undefined, trust: TrustProxy = () => false) =>
  isLoopback(req, trust) || bearerMatches(req, token);

// Paths that belong to the API rather than the web app: unknown ones are 404, never the app's HTML.
const API_PREFIXES = ['/graphql/', '/exports/', '/ops/', '/api/', '/openreferral/'];

const isExport = (pathname: string) =>
  pathname === '/exports/commissions.csv' ||
  pathname === '/exports/unmet-need.csv' ||
  /^\/exports\/payment-runs\/[^/]+\.csv$/.test(pathname) ||
  /^\/exports\/local-offer\/[^/]+\.pdf$/.test(pathname);

export async function createApp(options: AppOptions): Promise<Server> {
  const { db, production } = options;
  const logger = options.logger ?? silentLogger;
  const trust = compileTrust(options.trustProxy);
  const graphql = await createGraphQLHandler({
    db,
    readDb: options.readDb,
    replica: options.replica,
    production,
    trustProxy: options.trustProxy,
    now: options.now,
  });
  const web = createWebHandler(options.webDir ?? WEB_DIR, pageChecks(db, production));
  const readiness =
    options.readiness ??
    (async (): Promise<Readiness> => {
      await db.execute(sql`select 1`);
      return { ready: true };
    });

  const logReadiness = readinessChanges(logger);
  // The replica while it answers, else the primary.
  const readDb = () => (options.readDb && (options.replica?.up() ?? true) ? options.readDb : db);

  const isReadOnly = (pathname: string) =>
    ['/healthz', '/readyz', '/metrics'].includes(pathname) ||
    !(
      pathname === '/graphql' ||
      pathname.startsWith('/ops/') ||
      pathname.startsWith('/openreferral/') ||
      API_PREFIXES.some((p) => pathname.startsWith(p))
    );

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const { pathname } = url;
    // Health, metrics and the web app are read only: another method is refused, not answered as GET.
    if (isReadOnly(pathname) && req.method !== 'GET' && req.method !== 'HEAD') {
      res.setHeader('Allow', 'GET, HEAD');
      return json(res, 405, { error: `${req.method} is not allowed here; use GET` });
    }
    if (pathname === '/healthz') return json(res, 200, { ok: true });
    if (pathname === '/readyz') {
      const state = await readiness().catch((): Readiness => ({ ready: false, reason: 'readiness check failed' }));
      // A 503 is readiness doing its job (the balancer stops sending), not a request that failed: the
      // reason is logged once when readiness changes, not as an error at every probe.
      const record = requestRecordOf(req);
      if (record && !state.ready) record.expected = true;
      logReadiness(state, options.isStopping?.() ?? false);
      return json(res, state.ready ? 200 : 503, state);
    }
    if (pathname === '/metrics') {
      if (!options.metrics) return json(res, 404, { error: 'Not found' });
      if (!metricsAllowed(req, options.metricsToken, trust))
        return json(res, 403, { error: 'Metrics need the METRICS_TOKEN bearer token, or a request from this machine' });
      const text = await options.metrics.registry.metrics(); // before the head: a failure is a 500, not an empty 200
      res.writeHead(200, { 'Content-Type': options.metrics.registry.contentType, 'Cache-Control': 'no-store' });
      return void res.end(text);
    }
    if (pathname.startsWith('/ops/')) return handleControl(req, res, pathname, options.control, isLoopback(req, trust));
    if (pathname === '/exports/commissions.csv' && req.method === 'GET') {
      return exportCommissions(db, req, res, production, options.exportPageSize).catch((error) => {
        logServerError(error, 'export failed', req);
        // Part of the file is out: cut the connection so it cannot pass for a complete file.
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('The export failed; try again');
      });
    }
    if (pathname === '/exports/unmet-need.csv' && req.method === 'GET') {
      return exportUnmetNeed(db, req, res, production, options.now ?? (() => new Date())).catch((error) => {
        logServerError(error, 'export failed', req);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('The export failed; try again');
      });
    }
    const paymentRun = /^\/exports\/payment-runs\/([^/]+)\.csv$/.exec(pathname);
    if (paymentRun && req.method === 'GET') {
      return exportPaymentRun(db, req, res, production, paymentRun[1]!, options.exportPageSize).catch((error) => {
        logServerError(error, 'export failed', req);
        // Part of the file is out: cut the connection so it cannot pass for a complete file.
        if (res.headersSent) return void res.destroy();
        res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('The export failed; try again');
      });
    }
    const localOffer = /^\/exports\/local-offer\/([^/]+)\.pdf$/.exec(pathname);
    if (localOffer && req.method === 'GET') {
      const now = options.now ?? (() => new Date());
      return exportLocalOffer(db, req, res, production, localOffer[1]!, now, options.publicUrl).catch((error) => {
        logServerError(error, 'export failed', req);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('The export failed; try again');
      });
    }
    // An export path asked with another method (GET was answered above): the file is there, only
    // for GET, where a 404 said it was not.
    if (isExport(pathname)) {
      res.setHeader('Allow', 'GET');
      return json(res, 405, { error: `${req.method} is not allowed here; use GET` });
    }
    if (pathname === '/graphql') return graphql.handle(req, res, url);
    if (pathname.startsWith('/openreferral/')) {
      const reads = readDb();
      // A feed read that failed on the replica may be the replica gone: have it asked now. The feed
      // calls lost() itself for a lost connection or a statement the replica cancelled (and answers
      // from the primary); this covers any other failure there.
      if (reads !== db) res.once('finish', () => res.statusCode >= 500 && options.replica?.failed());
      return handleOpenReferral(
        req,
        res,
        url,
        reads,
        production,
        reads === db ? undefined : { primary: db, lost: () => options.replica?.failed() },
        options.now,
      );
    }
    if (API_PREFIXES.some((p) => pathname.startsWith(p))) return json(res, 404, { error: 'Not found' });
    if (!web) {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The web app is not built: run npm run build');
      return;
    }
    web(req, res, url);
  }

  const server = createServer((req, res) => {
    setSecurityHeaders(res, production);
    if (options.isStopping?.()) res.setHeader('Connection', 'close');
    void trackRequest(req, res, { logger, metrics: options.metrics, trust }, async () => {
      let url: URL;
      try {
        url = new URL(req.url ?? '/', 'http://localhost');
      } catch {
        return json(res, 400, { error: 'Bad request URL' });
      }
      try {
        await route(req, res, url);
      } catch (error) {
        logServerError(error, 'request failed', req);
        if (!res.headersSent) json(res, 500, { error: 'Something went wrong' });
        else res.end();
      }
    });
  });
  // Idle keep-alive sockets stay open longer than a proxy's (nginx and load balancers: 60 s), so a
  // client never reuses a socket the server is closing at that moment (ECONNRESET). Node's 5 s default
  // lost that race on a busy machine. Shutdown still closes idle sockets at once (server/shutdown.ts).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
