import { execFileSync } from 'node:child_process';
import path from 'node:path';

// The browser needs the built app: build it once per end-to-end run, as npm start does.
export default function buildWeb() {
  const root = path.resolve(import.meta.dirname, '..', '..');
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit' });
}
