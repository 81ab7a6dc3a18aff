import { existsSync, readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import { parseGlobalId } from '../schema/domain/ids';

export type WebHandler = (req: IncomingMessage, res: ServerResponse, url: URL) => void;

const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * An app route's `:id` is a record's global ID (base64 of "Service:12", URL-encoded in the path):
 * anything else can never be a record, so the page is "not found" (404) before the app loads.
 * Whether such a record exists, and whether this person may see it, the app asks the API.
 */
function isGlobalId(segment: string): boolean {
  try {
    return parseGlobalId(decodeURIComponent(segment)) !== null;
  } catch {
    return false; // malformed %-escape
  }
}

/** `/services/:id` -> a test of whole paths. */
function routeMatcher(route: string): (pathname: string) => boolean {
  const parts = route.split('/');
  return (pathname) => {
    const given = pathname.replace(/(.)\/$/, '$1').split('/');
    return (
      given.length === parts.length &&
      parts.every((part, i) => (part.startsWith(':') ? isGlobalId(given[i]!) : part === given[i]))
    );
  };
}

/**
 * The built web app: hashed assets cached for a year (precompressed .br/.gz served when the
 * build made them), index.html for the app's own routes (200) and for any other page path (404,
 * the app shows "Page not found"), and a plain 404 for missing files.
 */
export function createWebHandler(dist: string): WebHandler | null {
  const indexFile = path.join(dist, 'index.html');
  if (!existsSync(indexFile)) return null;
  const manifest = path.join(dist, 'routes.json');
  const routes = existsSync(manifest)
    ? (JSON.parse(readFileSync(manifest, 'utf8')) as string[]).filter((r) => r !== '*').map(routeMatcher)
    : null;
  const files = sirv(dist, {
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
    files(req, res, () => {
      const isFile = url.pathname.startsWith('/assets/') || path.extname(url.pathname) !== '';
      if (isFile || (req.method !== 'GET' && req.method !== 'HEAD')) {
        res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
        res.end('Not found');
        return;
      }
      const known = !routes || routes.some((matches) => matches(url.pathname));
      res.writeHead(known ? 200 : 404, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : index);
    });
  };
}
