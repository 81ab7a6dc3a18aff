import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { generateFeed } from '../oruk/generate-feed';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run import:oruk` of a URL, on a terminal and off it (audit 66): the bar ends at the count
// read, not at a total_items the feed got wrong ("1/5 services"); an answer past 50 MB stops the
// run with one plain line, exit 1, where it crashed the process before.
const root = path.resolve(import.meta.dirname, '..', '..');
const scratch = mkdtempSync(path.join(os.tmpdir(), 'import-oruk-bar-'));
const dataDir = path.join(scratch, 'data');
const [record] = generateFeed(1, { brokenEvery: 1_000_000, prefix: 'bar-one' }).services.map(
  (r: Record<string, unknown>) => ({
    ...r,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }),
);
let feed: http.Server;
let base: string;
beforeAll(async () => {
  if (TEST_DB !== 'pglite') return;
  expect((await runScript('server/seed/run.ts', { DATA_DIR: dataDir })).code).toBe(0);
  feed = http.createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    // Says 5 services, holds 1.
    if (req.url!.startsWith('/five/'))
      return res.end(JSON.stringify({ total_items: 5, total_pages: 1, page_number: 1, contents: [record] }));
    // 51 MB of one page.
    res.end(JSON.stringify({ page_number: 1, contents: [record], padding: 'x'.repeat(51 * 1024 * 1024) }));
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  if (feed) await new Promise((resolve) => feed.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

/** The CLI with stderr on a terminal (`script`), not blocking this process: the feed answers from it. */
function onTerminal(args: string[]): Promise<string> {
  const command = [process.execPath, '--import', 'tsx', 'server/cli/import-oruk.ts', ...args]
    .map((a) => JSON.stringify(a))
    .join(' ');
  return new Promise((resolve) => {
    const child = spawn('script', ['-qec', command, '/dev/null'], {
      cwd: root,
      env: { ...process.env, DATA_DIR: dataDir },
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.on('exit', () => resolve(output));
  });
}

describe.runIf(TEST_DB === 'pglite' && existsSync('/usr/bin/script'))('import:oruk of a URL', () => {
  it('the bar ends at the services read when total_items said more', async () => {
    const output = await onTerminal(['--zone', 'demo', `${base}/five/`]);
    expect(output).toMatch(/Full import: 1 read, 1 created/);
    const counts = [...output.matchAll(/(\d+)\/(\d+) services/g)].map((m) => `${m[1]}/${m[2]}`);
    expect(counts.at(-1), output).toBe('1/1');
  }, 120_000);

  it('an answer past 50 MB: one plain line, exit 1', async () => {
    const run = await runScript('server/cli/import-oruk.ts', { DATA_DIR: dataDir }, { args: ['--zone', 'demo', base] });
    expect(run.output).toMatch(
      /^Stopped reading http:\/\/127\.0\.0\.1:\d+: http:\/\/127\.0\.0\.1:\d+\/services\?\S+ answered more than 50 MB for one page, so it was not read/m,
    );
    expect(run.output).not.toMatch(/^\s+at /m);
    expect(run.code).toBe(1);
  }, 120_000);
});
