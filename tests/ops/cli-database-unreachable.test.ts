import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN_URL, TEST_DATABASE_URL, TEST_DB, TEST_DB_PREFIX, withDatabase } from '../setup/database';
import { runScript } from '../setup/processes';

// A DATABASE_URL that leads nowhere: each command used to print the driver's stack trace (the SQL,
// node_modules paths); now one line naming where it looked, never the password, and exit 1.
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

const commands = [
  ['server/cli/reconcile.ts', []],
  ['server/cli/housekeeping.ts', []],
  ['server/cli/migrate.ts', []],
  ['server/seed/run.ts', []],
  ['server/cli/zone-create.ts', ['--slug', 'wigan', '--name', 'Wigan', '--admin-email', 'admin@wigan.example']],
  ['server/cli/seed-scale.ts', ['--services', '1', '--children', '1']],
  ['server/cli/postcodes-load.ts', ['tests/ops/cli-database-unreachable.test.ts']],
] as const;

const password = 'not-to-be-shown';
const withPassword = (url: string) => {
  const u = new URL(url);
  u.password = password;
  return u.toString();
};

async function expectOneLine(url: string, message: string) {
  const runs = await Promise.all(
    commands.map(async ([script, args]) => ({
      script,
      ...(await runScript(script, { DATABASE_URL: url }, { args: [...args] })),
    })),
  );
  for (const run of runs) {
    const label = `${run.script}: ${run.output}`;
    expect(run.code, label).toBe(1);
    expect(run.output.trim(), label).toBe(message);
    expect(run.output, label).not.toContain(password);
    expect(run.output, label).not.toMatch(/^\s+at /m);
  }
}

describe('commands on a database that cannot be reached', () => {
  it('connection refused', async () => {
    await expectOneLine(
      withPassword('postgres://postgres@127.0.0.1:1/portal'),
      'Cannot reach the database at 127.0.0.1:1/portal: connection refused (is PostgreSQL running there?)',
    );
  }, 120_000);

  it.runIf(TEST_DB === 'postgres')(
    'a database that does not exist',
    async () => {
      const name = `${TEST_DB_PREFIX}missing`;
      const url = new URL(withDatabase(TEST_DATABASE_URL, name));
      await expectOneLine(
        withPassword(url.toString()),
        `Cannot reach the database at ${url.hostname}:${url.port || '5432'}/${name}: database "${name}" does not exist`,
      );
    },
    120_000,
  );

  it.runIf(TEST_DB === 'postgres')(
    'reconcile and housekeeping on a database without the portal’s tables',
    async () => {
      const name = `${TEST_DB_PREFIX}${randomBytes(6).toString('hex')}`;
      const admin = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database "${name}"`);
      await admin.end();
      cleanups.push(async () => {
        const sql = postgres(TEST_ADMIN_URL, { max: 1, onnotice: () => {} });
        await sql.unsafe(`drop database if exists "${name}" with (force)`);
        await sql.end();
      });
      const url = new URL(withDatabase(TEST_DATABASE_URL, name));
      for (const script of ['server/cli/reconcile.ts', 'server/cli/housekeeping.ts']) {
        const run = await runScript(script, { DATABASE_URL: url.toString() });
        expect(run.code, run.output).toBe(1);
        expect(run.output.trim()).toBe(
          `No portal database at ${url.hostname}:${url.port || '5432'}/${name}: its tables are missing. Run npm run db:migrate, or set DATABASE_URL to the portal's database.`,
        );
      }
      // Nothing was made there: still no tables.
      const check = postgres(url.toString(), { max: 1, onnotice: () => {} });
      const [row] = await check`select count(*)::int as n from pg_tables where schemaname = 'public'`;
      await check.end();
      expect(row?.n).toBe(0);
    },
    120_000,
  );
});
