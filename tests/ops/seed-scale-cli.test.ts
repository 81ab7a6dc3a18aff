import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { createDb } from '../../drizzle/client';
import { reconcile } from '../../schema/domain/reconcile';
import { rowsOf } from '../../schema/domain/rows';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// `npm run seed:scale` as an operator runs it: figures are plain whole numbers in range, and a zone
// that is already there is said to be kept with its old figures (audit 35, F3 and F4).
const scratch = mkdtempSync(path.join(os.tmpdir(), 'seed-scale-cli-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const seed = (dataDir: string, ...args: string[]) =>
  runScript('server/cli/seed-scale.ts', { DATA_DIR: dataDir }, { args });

describe.runIf(TEST_DB === 'pglite')('seed:scale flags and reruns', () => {
  it('refuses a zero zone count, non-decimal figures and an all-zero run, naming the flag, before opening anything', async () => {
    const dataDir = path.join(scratch, 'untouched');
    const cases = [
      [['--services', '10', '--children', '10', '--zones', '0'], /--zones takes a whole number 1\.\.999/],
      [
        ['--services', '1e3', '--children', '10'],
        /--services takes a whole number 0\.\.2000000 \(digits only\), not "1e3"/,
      ],
      [['--services', '0x10', '--children', '10'], /--services takes a whole number .*"0x10"/],
      [
        ['--services', '-5', '--children', '1'],
        /--services takes a whole number 0\.\.2000000 \(digits only\), not "-5"/,
      ],
      [['--services', '10', '--children', '2.0'], /--children takes a whole number/],
      [['--services', '0', '--children', '0', '--commissions', '0'], /Nothing to seed/],
    ] as const;
    for (const [args, message] of cases) {
      const run = await seed(dataDir, ...args);
      expect(run.code, run.output).toBe(2);
      expect(run.output.trim().split('\n'), run.output).toHaveLength(1);
      expect(run.output).toMatch(message);
      expect(run.output).not.toMatch(/Infinity|NaN/);
    }
  }, 120_000);

  // README's 1,000,000-listing bench gives --services alone: --children was refused as "" (audit 57).
  it('a figure left out is 0: --services alone seeds listings only', async () => {
    const run = await seed(path.join(scratch, 'services-only'), '--services', '6');
    expect(run.code, run.output).toBe(0);
    expect(run.output).toMatch(
      /Seeding 1 zones, each with 6 services from \d+ organisations, 0 children, 0 commissions/,
    );
  }, 120_000);

  it('says which zones were kept with their old figures, and when nothing was added', async () => {
    const dataDir = path.join(scratch, 'reruns');
    const first = await seed(dataDir, '--services', '6', '--children', '0', '--zones', '1');
    expect(first.code, first.output).toBe(0);
    expect(first.output).not.toMatch(/kept as/);
    // Other figures over the same zone plus a new one: the new one is seeded, the old one is named.
    const second = await seed(dataDir, '--services', '60', '--children', '0', '--zones', '2');
    expect(second.code, second.output).toBe(0);
    expect(second.output).toMatch(
      /1 of 2 zones \(scale-001\) were already there and were kept as they are: their figures were not changed/,
    );
    // Every zone there already: nothing added, and it says so (exit 0: the seed is in place for a rerun bench).
    const third = await seed(dataDir, '--services', '600', '--children', '0', '--zones', '2');
    expect(third.code, third.output).toBe(0);
    expect(third.output).toMatch(/Nothing was added: every zone this run would make \(scale-001, scale-002\)/);
    expect(third.output).not.toMatch(/Done in/);
  }, 240_000);

  it('SIGINT or SIGTERM stops it at once: the zone in progress is rolled back, exit 130, the ledger reconciles', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const dataDir = path.join(scratch, `signal-${signal}`);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'server/cli/seed-scale.ts', '--services', '40000', '--children', '800', '--zones', '4'],
        { cwd: path.resolve(import.meta.dirname, '../..'), env: { ...process.env, DATA_DIR: dataDir } },
      );
      let output = '';
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let signalled = 0;
      const onData = (chunk: Buffer) => {
        output += chunk.toString();
        // Once the first zone is in, in the middle of the second.
        if (!signalled && /1\/4 zones/.test(output)) {
          signalled = Date.now();
          child.kill(signal);
        }
      };
      child.stdout.on('data', onData);
      child.stderr.on('data', onData);
      const code = await exited;
      expect(code, output).toBe(130);
      expect(Date.now() - signalled, 'stopped promptly').toBeLessThan(10_000);
      expect(output).toMatch(
        /Stopped after 1 of 4 zones \(the zone in progress was rolled back\); run the same command again/,
      );
      expect(output).not.toMatch(/4\/4 zones|Done in/);
      const db = await createDb({ dataDir });
      try {
        const zones = rowsOf(
          await db.db.execute(sql`select "slug" from "zones" where "slug" like 'scale-%' order by 1`),
        );
        expect(zones).toEqual([{ slug: 'scale-001' }]);
        expect((await reconcile(db.db)).differences).toEqual([]);
      } finally {
        await db.close();
      }
    }
  }, 300_000);
});
