import { execFileSync } from 'node:child_process';
import path from 'node:path';

export const TEST_WEB_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-output', 'web-dist');

// The browser needs the built app: build it once per end-to-end run, into test-output/ so that a
// portal started from this folder keeps serving its own dist/ while the tests run.
export default function buildWeb() {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn', '--outDir', TEST_WEB_DIR, '--emptyOutDir'], {
    cwd: root,
    stdio: 'inherit',
  });
}
