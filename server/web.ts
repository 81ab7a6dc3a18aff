import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { parseGlobalId } from '../schema/domain/ids';
import { settleAcceptEncoding } from './accept-encoding';

export type WebHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

/** The record a page's path names, e.g. `/services/:id` -> { typename: 'Service', id: 12 }. */
export type PageRecord = { typename: string; id: number };

/** Whether the record exists and this person may see it (the page answers 200, else 404). */
export type PageRecordSeen = (record: PageRecord, req: IncomingMessage, res: ServerResponse) => Promise<boolean>;

/**
 * Pages whose status asks the database, by app route (as routes.json writes it): every route whose
 * `:id` names a record (page-status.ts), so an unknown id, or one this person may not see, is 404.
 */
export type PageChecks = Record<string, PageRecordSeen>;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * An app route's `:id` is a record's global ID (base64 of "Service:12", URL-encoded in the path):
 * anything else can never be a record, so the page is "not found" (404) before the app loads.
 * Whether such a record exists, and whether this person may see it, the app asks the API; a
 * route with a check (PageChecks: a public listing's pages) also asks it, so an unknown or hidden
 * listing answers 404 as well (search engines and link checkers read the status, not the app).
 */
function globalId(segment: string): PageRecord | null {
  try {
    return parseGlobalId(decodeURIComponent(segment));
  } catch {
    return null; // malformed %-escape
  }
}

/** A path matched to a route: the record its `:param` names (null for a route without one). */
type RouteMatch = { record: PageRecord | null } | null;

/** `/services/:id` -> a test of whole paths, giving the record the path names when it matches. */
function routeMatcher(route: string): { route: string; match: (pathname: string) => RouteMatch } {
  const parts = route.split('/');
  // The app's routes name one record at most; were there more, each must still be an id, and the last is the page's.
  return {
    route,
    match(pathname) {
      const given = pathname.replace(/(.)\/$/, '$1').split('/');
      if (given.length !== parts.length) return null;
      let record: PageRecord | null = null;
      for (const [i, part] of parts.entries()) {
        if (!part.startsWith(':')) {
          if (part !== given[i]) return null;
          continue;
        }
        // Only an `:id` is a global ID; another parameter (the local offer's `:district`, a
        // plain number) is any segment, named no record, and left to the app.
        if (part !== ':id') {
          if (!given[i]) return null;
          continue;
        }
        record = globalId(given[i]!);
        if (!record) return null;
      }
      return { record };
    },
  };
}

/**
 * The built web app: hashed assets cached for a year (precompressed .br/.gz served when the
 * build made them), index.html for the app's own routes (200) and for any other page path (404,
 * the app shows "Page not found"), and a plain 404 for missing files.
 */
export function createWebHandler(dist: string, checks: PageChecks = {}): WebHandler | null {
  const indexFile = path.join(dist, 'index.html');
  if (!existsSync(indexFile)) return null;
  const manifest = path.join(dist, 'routes.json');
  const routes = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as string[]).filter((r) => r !== '*').map(routeMatcher)
    : null;
  /** 200 for one of the app's routes (one with a check only when it passes), else 404. */
  const pageStatus = async (req: IncomingMessage, res: ServerResponse, pathname: string): Promise<number> => {
    if (!routes) return 200;
    for (const { route, match } of routes) {
      const found = match(pathname);
      if (!found) continue;
      const seen = checks[route];
      if (!seen || !found.record) return 200;
      return (await seen(found.record, req, res)) ? 200 : 404;
    }
    return 404;
  };
  const files = sirv(dist, {
    // Each file looked for when asked, not listed once at start: a build replaced under a running
    // server (a deploy) left the list naming files that were gone, and reading one crashed the
    // process (audit 61). Now a missing file is a 404 and the new build's files are found.
    dev: true,
    etag: true,
    gzip: true,
    brotli: true,
    setHeaders(res, pathname) {
      res.setHeader('Cache-Control', pathname.startsWith('/assets/') ? IMMUTABLE : 'no-cache');
    },
  });
  const index = readFileSync(indexFile);

  return (req, res, url) => {
    // sirv misreads suffix and malformed ranges (bytes=-5 sent the first six bytes): only a plain
    // bytes=START- or START-END reaches it; any other Range is ignored and the whole file sent.
    const range = /^bytes=(\d+)-(\d*)$/.exec(req.headers.range ?? '');
    if (req.headers.range && (!range || (range[2] !== '' && Number(range[2]) < Number(range[1]))))
      delete req.headers.range;
    settleAcceptEncoding(req);
    files(req, res, () => {
      const isFile = url.pathname.startsWith('/assets/') || path.extname(url.pathname) !== '';
      if (isFile || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('Not found');
        return;
      }
      void pageStatus(req, res, url.pathname).then((status) => {
        res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
        res.end(req.method === 'HEAD' ? undefined : index);
      });
    });
  };
}
