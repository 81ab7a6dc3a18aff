import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { categoryUuid } from '../../schema/domain/openreferral/ids';
import { generateFeed } from '../oruk/generate-feed';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run import:oruk` that does not finish exits 1, so a script or cron job sees it (audit
// finding: an interrupted run, and a folder with a cut-short page file, both exited 0).
const scratch = mkdtempSync(path.join(os.tmpdir(), 'import-oruk-exit-'));
const dataDir = path.join(scratch, 'data');
const records = (prefix: string, count = 2) =>
  generateFeed(count, { brokenEvery: 1_000_000, prefix }).services.map((r: Record<string, unknown>) => ({
    ...r,
    status: 'active',
    attributes: [{ id: crypto.randomUUID(), taxonomy_term_id: categoryUuid('family-therapy') }],
  }));
let feed: http.Server;
let base: string;
beforeAll(async () => {
  if (TEST_DB !== 'pglite') return;
  expect((await runScript('server/seed/run.ts', { DATA_DIR: dataDir })).code).toBe(0);
  // Page 1, then a feed that has gone down.
  const pageOne = records('exit-url');
  feed = http.createServer((req, res) => {
    const page = new URL(req.url!, 'http://feed').searchParams.get('page');
    if (page !== '1') return res.writeHead(503).end('Down');
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ contents: pageOne, page: 1, total_pages: 2, last_page: false }));
  });
  await new Promise<void>((resolve) => feed.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
}, 120_000);
afterAll(async () => {
  if (feed) await new Promise((resolve) => feed.close(resolve));
  rmSync(scratch, { recursive: true, force: true });
});

describe.runIf(TEST_DB === 'pglite')('import:oruk that does not finish', () => {
  it('an interrupted run exits 1', async () => {
    const run = await runScript('server/cli/import-oruk.ts', { DATA_DIR: dataDir }, { args: ['--zone', 'demo', base] });
    expect(run.output).toContain('Interrupted:');
    expect(run.code).toBe(1);
  }, 120_000);

  it('a folder whose second file is cut short: the file named, exit 1', async () => {
    const folder = path.join(scratch, 'pages');
    mkdirSync(folder);
    writeFileSync(path.join(folder, 'page1.json'), JSON.stringify(records('exit-one', 150)));
    writeFileSync(path.join(folder, 'page2.json'), JSON.stringify(records('exit-two')).slice(0, -100));
    const run = await runScript(
      'server/cli/import-oruk.ts',
      { DATA_DIR: dataDir },
      { args: ['--zone', 'demo', '--source', 'pages', folder] },
    );
    // Page 1 (100 of page1.json's) went in first; the run stops at page2.json, named.
    expect(run.output).toContain(`${path.join(folder, 'page2.json')} is not valid JSON`);
    expect(run.output).not.toContain('Parser');
    expect(run.code).toBe(1);
  }, 120_000);

  it('a run that skips every record it read exits 1, its last line saying so and where to see why', async () => {
    const file = path.join(scratch, 'all-skipped.json');
    writeFileSync(file, JSON.stringify(records('exit-skipped').map((r) => ({ ...r, name: ' ' }))));
    const run = await runScript(
      'server/cli/import-oruk.ts',
      { DATA_DIR: dataDir },
      { args: ['--zone', 'demo', '--source', 'all-skipped', file] },
    );
    expect(run.output).toMatch(/2 read, 0 created, 0 updated, 0 unchanged, 0 withdrawn \(archived\), 2 skipped/);
    expect(run.output).toContain('Skipped records:');
    expect(run.output.trim().split('\n').at(-1)).toBe(
      'Every record read (2) was skipped: nothing was imported. Why each was skipped is listed above under "Skipped records" and on the zone\'s import page (/admin/imports).',
    );
    expect(run.code).toBe(1);
  }, 120_000);
});
