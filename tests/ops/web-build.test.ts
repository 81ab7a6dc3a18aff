import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { removeAbandoned, replaceFolder } from '../../server/web-build';
import { TEST_DB } from '../setup/database';

// `npm start` builds the web app. Two of them in one checkout (two data folders, or PGlite and
// PostgreSQL side by side) used to build into dist/ at once, each emptying it first, under each
// other and under a portal already serving it. Each build now has a folder of its own that takes
// dist/'s place by rename.

let scratch: string;
beforeAll(() => {
  scratch = mkdtempSync(path.join(os.tmpdir(), 'web-build-'));
});
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const write = (dir: string, files: Record<string, string>) => {
  mkdirSync(dir, { recursive: true });
  for (const [name, body] of Object.entries(files)) writeFileSync(path.join(dir, name), body);
};

it('puts a new build in place of the old one, whole, and leaves nothing beside it', () => {
  const target = path.join(scratch, 'swap', 'dist');
  write(target, { 'index.html': 'old', 'old-only.js': 'x' });
  write(`${target}.building-1`, { 'index.html': 'new' });
  replaceFolder(`${target}.building-1`, target);
  expect(readdirSync(target)).toEqual(['index.html']);
  expect(readFileSync(path.join(target, 'index.html'), 'utf8')).toBe('new');
  expect(readdirSync(path.dirname(target))).toEqual(['dist']);

  // The first build of a checkout: no dist/ yet.
  const fresh = path.join(scratch, 'first', 'dist');
  write(`${fresh}.building-2`, { 'index.html': 'first' });
  replaceFolder(`${fresh}.building-2`, fresh);
  expect(readFileSync(path.join(fresh, 'index.html'), 'utf8')).toBe('first');
});

it('clears away the folders of builds whose process is gone, never those of one still running', () => {
  const dist = path.join(scratch, 'abandoned', 'dist');
  const gone = 4_194_399; // above Linux's largest process id: no such process
  for (const name of [`dist.building-${gone}`, `dist.old-${gone}`, `dist.building-${process.pid}`, 'dist'])
    write(path.join(path.dirname(dist), name), { 'index.html': name });
  removeAbandoned(dist);
  expect(readdirSync(path.dirname(dist)).sort()).toEqual(['dist', `dist.building-${process.pid}`]);
});

function build(dist: string) {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./server/web-build.ts').then((m) => process.exit(m.buildWebApp(${JSON.stringify(dist)}) ? 0 : 1))`,
    ],
    { cwd: path.resolve(import.meta.dirname, '../..'), stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise<{ code: number | null; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stderr })),
  );
}

// Two real Vite builds (about 10 s each): once, on the embedded run of the suite.
it.runIf(TEST_DB === 'pglite')(
  'two builds at once both succeed, and the folder being served never loses its page meanwhile',
  async () => {
    const dist = path.join(scratch, 'race', 'dist');
    write(dist, { 'index.html': '<!doctype html><title>the build being served</title>' });
    let missing = 0;
    const watch = setInterval(() => {
      if (!existsSync(path.join(dist, 'index.html'))) missing++;
    }, 25);
    const results = await Promise.all([build(dist), build(dist)]).finally(() => clearInterval(watch));
    expect(
      results.map((r) => r.code),
      results.map((r) => r.stderr).join('\n'),
    ).toEqual([0, 0]);
    expect(missing).toBe(0);
    // The build in place is whole: every script and style its page names is there.
    const index = readFileSync(path.join(dist, 'index.html'), 'utf8');
    const assets = [...index.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)].map((m) => String(m[1]));
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) expect(existsSync(path.join(dist, asset)), asset).toBe(true);
    expect(readdirSync(path.dirname(dist))).toEqual(['dist']);
  },
  120_000,
);
