import path from 'node:path';
import { defineConfig } from 'vitest/config';

const root = path.resolve(import.meta.dirname, '..', '..');

// End-to-end: the real server (demo seed, built web app) driven by Debian's Chromium.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    root,
    include: ['tests/e2e/**/*.e2e.ts'],
    globalSetup: ['tests/setup/global.ts', 'tests/e2e/build-web.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 1,
  },
});
