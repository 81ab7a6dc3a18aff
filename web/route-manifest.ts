import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Plugin } from 'vite';

/**
 * Writes routes.json (every <Route path> of the app) into the build, so the server answers
 * unknown page URLs with HTTP 404 without importing web code.
 */
export function routeManifest(appFile: string): Plugin {
  return {
    name: 'route-manifest',
    apply: 'build',
    generateBundle() {
      const source = readFileSync(path.resolve(appFile), 'utf8');
      const routes = [...source.matchAll(/<Route\s+path="([^"]+)"/g)].map((m) => m[1]);
      if (routes.length === 0) this.error(`no <Route path="..."> found in ${appFile}`);
      this.emitFile({ type: 'asset', fileName: 'routes.json', source: JSON.stringify(routes) });
    },
  };
}
