import { defineConfig } from 'vitest/config';

export default defineConfig({
  // One graphql instance: Node loads graphql's CommonJS build for Pothos and Apollo, so code
  // that Vitest transforms must use the same file (graphql refuses types from another copy).
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    include: ['tests/**/*.test.{ts,tsx}'],
    exclude: ['tests/e2e/**', 'node_modules/**'],
    globalSetup: ['tests/setup/global.ts'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
