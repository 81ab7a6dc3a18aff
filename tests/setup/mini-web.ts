import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Db } from '../../drizzle/client';
import { createApp } from '../../server/app';

/**
 * The server over a built web app in miniature: an index.html and the app's routes (routes.json),
 * plus whatever `files` adds to the folder (hashed assets, say). `close` stops the server and
 * removes the folder; the database stays the caller's.
 */
export async function miniWebApp(
  db: Db,
  routes: string[],
  files: (dir: string) => void = () => {},
): Promise<{ url: string; close: () => Promise<void> }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'portal-web-'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><title>Portal</title>');
  writeFileSync(path.join(dir, 'routes.json'), JSON.stringify(routes));
  files(dir);
  const server = await createApp({ db, production: false, webDir: dir });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
