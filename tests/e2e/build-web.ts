import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const TEST_WEB_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'web-dist');

// The browser needs the built app: build it once per end-to-end run, into test-output/ so that a
// portal started from this folder keeps serving its own dist/ while the tests run. It is built as
// `npm start` builds it (NODE_ENV=production): under Vitest's NODE_ENV=test, libraries' development
// branches stayed in, and the tests measured and drove 1.7 kB of JavaScript that people never get.
export default function buildWeb() {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', TEST_WEB_DIR, '--emptyOutDir'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
