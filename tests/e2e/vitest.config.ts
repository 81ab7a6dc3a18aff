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
    // A page answers after a fetch: poll for what it shows, with room for a busy CI machine.
    expect: { requireAssertions: true, poll: { timeout: 15_000, interval: 100 } },
  },
});
