import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import sirv from 'sirv';
import type { Db } from '../drizzle/client';
import { exportCommissions } from './export';
import { createGraphQLHandler } from './graphql';
import { setSecurityHeaders } from './headers';

export type AppOptions = { db: Db; production: boolean; webDir?: string; trustProxy?: string; now?: () => Date };

export async function createApp({ db, production, webDir, trustProxy, now }: AppOptions): Promise<Server> {
  const graphql = await createGraphQLHandler({ db, production, trustProxy, now });

  const dist = webDir ?? path.resolve(import.meta.dirname, '..', 'dist');
  const serveWeb = existsSync(dist) ? sirv(dist, { single: true, etag: true, gzip: true }) : null;

  return createServer(async (req, res) => {
    setSecurityHeaders(res, production);
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname === '/healthz') {
      res.setHeader('Content-Type', 'application/json');
      res.end('{"ok":true}');
      return;
    }
    if (url.pathname === '/exports/commissions.csv' && req.method === 'GET') {
      await exportCommissions(db, req, res, production).catch((error) => {
        console.error('Export failed:', error);
        if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
        res.end('The export failed; try again');
      });
      return;
    }
    if (url.pathname !== '/graphql') {
      if (serveWeb)
        serveWeb(req, res, () => {
          res.writeHead(404).end('Not found');
        });
      else res.writeHead(503, { 'Content-Type': 'text/plain' }).end('The web app is not built: run npm run build');
      return;
    }
    await graphql.handle(req, res, url);
  });
}
