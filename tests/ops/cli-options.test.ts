import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { lockFileFor } from '../../drizzle/data-dir-lock';
import { TEST_DB } from '../setup/database';
import { runScript } from '../setup/processes';

// Every command's --help prints its usage and an unknown option is refused, before anything runs:
// `npm run housekeeping -- --help` used to do a full housekeeping run (deletions, emails).
const scratch = mkdtempSync(path.join(os.tmpdir(), 'cli-options-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const commands = [
  ['server/cli/reconcile.ts', 'reconcile'],
  ['server/cli/housekeeping.ts', 'housekeeping'],
  ['server/cli/migrate.ts', 'db:migrate'],
  ['server/seed/run.ts', 'db:seed'],
  ['server/cli/backup.ts', 'backup'],
  ['server/cli/restore.ts', 'restore'],
  ['server/cli/zone-create.ts', 'zone:create'],
  ['server/cli/seed-scale.ts', 'seed:scale'],
  ['server/cli/postcodes-load.ts', 'postcodes:load'],
  ['server/cli/import-oruk.ts', 'import:oruk'],
] as const;

describe.runIf(TEST_DB === 'pglite')('command-line options', () => {
  it('--help and -h print the usage and exit 0; an unknown option is refused with exit 2; neither touches DATA_DIR', async () => {
    const runs = commands.flatMap(([script, name], i) =>
      (['--help', '-h', '--bogus'] as const).map(async (flag) => {
        const dataDir = path.join(scratch, `${i}${flag}`);
        const run = await runScript(script, { DATA_DIR: dataDir }, { args: [flag] });
        return { script, name, flag, dataDir, ...run };
      }),
    );
    for (const run of await Promise.all(runs)) {
      const label = `${run.script} ${run.flag}: ${run.output}`;
      if (run.flag === '--bogus') {
        expect(run.code, label).toBe(2);
        expect(run.output.trim(), label).toMatch(
          new RegExp(`^Unknown option --bogus\\. Usage: npm run ${run.name}\\b`),
        );
        expect(run.output.trim().split('\n'), label).toHaveLength(1);
      } else {
        expect(run.code, label).toBe(0);
        expect(run.output, label).toMatch(new RegExp(`^Usage: npm run ${run.name}\\b`));
      }
      // Nothing opened: no folder made, no lock taken.
      expect(existsSync(run.dataDir), label).toBe(false);
      expect(existsSync(lockFileFor(run.dataDir)), label).toBe(false);
    }
  }, 120_000);

  it('a command that takes no file names refuses one', async () => {
    const dataDir = path.join(scratch, 'stray');
    const run = await runScript('server/cli/reconcile.ts', { DATA_DIR: dataDir }, { args: ['extra'] });
    expect(run.code, run.output).toBe(2);
    expect(run.output.trim()).toBe(
      'Unexpected argument extra: this command takes no file names. Usage: npm run reconcile',
    );
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);

  // Node's parseArgs called `--x -1` "ambiguous" and suggested `--x=-1`: the command's own check
  // says what the option takes, either way it is written.
  it('a negative figure after a space gets the same message as after =', async () => {
    const dataDir = path.join(scratch, 'negative');
    const zone = ['--slug', 'x', '--name', 'X', '--admin-email', 'a@example.test'];
    const cases = [
      ['server/cli/seed-scale.ts', ['--services', '-5', '--children', '1'], ['--services=-5', '--children', '1']],
      [
        'server/cli/zone-create.ts',
        [...zone, '--delegated-limit-pence', '-1'],
        [...zone, '--delegated-limit-pence=-1'],
      ],
    ] as const;
    for (const [script, spaced, joined] of cases) {
      const [a, b] = await Promise.all([
        runScript(script, { DATA_DIR: dataDir }, { args: [...spaced] }),
        runScript(script, { DATA_DIR: dataDir }, { args: [...joined] }),
      ]);
      expect(b.output, script).toMatch(/takes a whole number|must be a whole number/);
      expect(a.output, script).toBe(b.output);
      expect(a.code, a.output).toBe(2);
      expect(a.output).not.toMatch(/ambiguous/);
    }
    expect(existsSync(dataDir)).toBe(false);
  }, 60_000);
});
