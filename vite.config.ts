import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { createLogger, type Plugin } from 'vite';
import solid from 'vite-plugin-solid';
import { defineConfig } from 'vitest/config';

/** Prints what the first page (search) needs: the entry, its imports, and the search route's chunk. */
function firstPageSize(): Plugin {
  return {
    name: 'first-page-size',
    apply: 'build',
    writeBundle(_options, bundle) {
      const chunks = Object.values(bundle).filter((c) => c.type === 'chunk');
      const byName = new Map(chunks.map((c) => [c.fileName, c]));
      const needed = new Set<string>();
      const add = (fileName: string) => {
        const chunk = byName.get(fileName);
        if (!chunk || needed.has(fileName)) return;
        needed.add(fileName);
        for (const dep of chunk.imports) add(dep);
      };
      for (const c of chunks)
        if (c.isEntry || c.facadeModuleId?.endsWith('pages/search/SearchPage.tsx')) add(c.fileName);
      const gzip = [...needed].reduce(
        (total, f) => total + gzipSync((byName.get(f) as { code: string }).code).length,
        0,
      );
      console.log(`\nFirst page (search) JavaScript: ${needed.size} files, ${(gzip / 1024).toFixed(1)} kB gzip\n`);
    },
  };
}

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

/**
 * Writes `x.js.br` and `x.js.gz` next to each built JS, CSS, SVG and HTML file, so the server can send
 * them as they are (no compression per request). Skips files too small to gain.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'precompress',
    apply: 'build',
    configResolved(config) {
      outDir = config.build.outDir;
    },
    writeBundle(_options, bundle) {
      for (const file of Object.values(bundle)) {
        if (!/\.(js|css|svg|html|json)$/.test(file.fileName)) continue;
        const body = file.type === 'chunk' ? Buffer.from(file.code) : Buffer.from(file.source);
        if (body.length < 1024) continue;
        const target = path.join(outDir, file.fileName);
        writeFileSync(`${target}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(
          `${target}.br`,
          brotliCompressSync(body, {
            params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
          }),
        );
      }
    },
  };
}

/**
 * Vite's logger, without two warnings about GOV.UK Frontend's own CSS that need nothing from
 * whoever builds (`npm start` builds the web app on a fresh machine; they read as faults): the
 * footer's crest image, which the portal's footer does not show, and an old IE media hack that
 * lightningcss keeps as it is.
 */
function quietLogger() {
  const logger = createLogger();
  const harmless = [/govuk-crest\.svg.* didn't resolve at build time/, /\[lightningcss minify\] Invalid media query/];
  const keep = (msg: string) => !harmless.some((re) => re.test(msg));
  const { warn, warnOnce } = logger;
  logger.warn = (msg, options) => keep(msg) && warn(msg, options);
  logger.warnOnce = (msg, options) => keep(msg) && warnOnce(msg, options);
  return logger;
}

export default defineConfig({
  root: 'web',
  customLogger: quietLogger(),
  plugins: [
    solid(),
    firstPageSize(),
    routeManifest(path.resolve(import.meta.dirname, 'web/src/app.tsx')),
    precompress(),
  ],
  build: {
    outDir: path.resolve(import.meta.dirname, 'dist'),
    emptyOutDir: true,
    // Report gzip sizes in the build output.
    reportCompressedSize: true,
    // Not Rolldown's list of its slowest plugins after every build (it is not a fault).
    rolldownOptions: { checks: { bundlerTimings: false } },
  },
  css: {
    // GOV.UK Frontend still carries an old IE media hack that lightningcss would otherwise reject.
    lightningcss: { errorRecovery: true },
    preprocessorOptions: {
      scss: {
        loadPaths: [path.resolve(import.meta.dirname, 'node_modules')],
        quietDeps: true,
        silenceDeprecations: ['import', 'global-builtin'],
      },
    },
  },
  server: { proxy: { '/graphql': 'http://localhost:4000', '/exports': 'http://localhost:4000' } },
  // One graphql instance: Node loads graphql's CommonJS build for Pothos and Apollo, so code
  // that Vitest transforms must use the same file (graphql refuses types from another copy).
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    root: import.meta.dirname,
    // Node for API and domain tests; component tests opt in to jsdom per file.
    environment: 'node',
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
