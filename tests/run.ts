import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { relative } from 'node:path';
import postgres from 'postgres';

// `npm test`: every suite this machine can run, saying plainly which were skipped and why.
// In CI (CI=true) a skipped suite is a failure: nothing may be skipped there.

const CI = process.env.CI === 'true';
const PG_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// PgBouncer in transaction mode in front of PG_URL's server (.ci/run starts it).
const PGBOUNCER_URL = process.env.TEST_PGBOUNCER_URL ?? 'postgres://postgres@127.0.0.1:6432/postgres';
const extraArgs = process.argv.slice(2);

const firstLine = (text = '') => text.split('\n').find((line) => line.trim() !== '') ?? '(no message)';

type Suite = { name: string; env: Record<string, string>; args: string[]; needs?: () => Promise<string | null> };

async function serverMissing(url: string, what: string, variable: string): Promise<string | null> {
  const sql = postgres(url, { max: 1, connect_timeout: 3, onnotice: () => {}, prepare: false });
  try {
    await sql`select 1`;
    return null;
  } catch (error) {
    return `no ${what} at ${url.replace(/:[^:@/]*@/, ':***@')} (${(error as Error).message}); start one or set ${variable} (.ci/run does both)`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}
const postgresMissing = () => serverMissing(PG_URL, 'PostgreSQL server', 'TEST_DATABASE_URL');
const pgbouncerMissing = async () =>
  (await postgresMissing()) ?? serverMissing(PGBOUNCER_URL, 'PgBouncer', 'TEST_PGBOUNCER_URL');

const chromiumMissing = async () =>
  existsSync(CHROMIUM)
    ? null
    : `no Chromium at ${CHROMIUM}; apt-get install chromium or set CHROMIUM_PATH (.ci/run installs it)`;

const suites: Suite[] = [
  {
    name: 'domain, API and web component tests on PGlite',
    env: { TEST_DB: 'pglite' },
    args: ['--exclude', 'tests/**/*.pg.test.ts'],
  },
  {
    name: 'domain and API tests on PostgreSQL',
    env: { TEST_DB: 'postgres', TEST_DATABASE_URL: PG_URL },
    args: ['tests/api', 'tests/domain', 'tests/ops'],
    needs: postgresMissing,
  },
  {
    // The way a large deployment pools connections: transaction mode, so no prepared statements.
    name: 'API tests on PostgreSQL through PgBouncer (transaction mode)',
    env: {
      TEST_DB: 'postgres',
      TEST_DATABASE_URL: PGBOUNCER_URL,
      TEST_DATABASE_DIRECT_URL: PG_URL,
      TEST_DATABASE_PGBOUNCER: 'on',
    },
    args: ['tests/api'],
    needs: pgbouncerMissing,
  },
  {
    name: 'end-to-end tests in Chromium',
    env: { TEST_DB: 'pglite', CHROMIUM_PATH: CHROMIUM },
    args: ['--config', 'tests/e2e/vitest.config.ts'],
    needs: chromiumMissing,
  },
];

mkdirSync('test-output', { recursive: true });
let passed = 0;
let failed = 0;
let failedSuites = 0;
const skipped: string[] = [];
// Named again in the summary, so the tail of a long CI log says which test failed and why.
const failures: string[] = [];

type Report = {
  numPassedTests: number;
  numFailedTests: number;
  testResults: {
    name: string;
    message?: string;
    assertionResults: { fullName: string; status: string; failureMessages: string[] }[];
  }[];
};

for (const [i, suite] of suites.entries()) {
  const missing = suite.needs ? await suite.needs() : null;
  if (missing) {
    skipped.push(`${suite.name}: ${missing}`);
    console.log(`\nSKIPPED ${suite.name}: ${missing}\n`);
    continue;
  }
  console.log(`\n=== ${suite.name} ===\n`);
  const report = `test-output/vitest-${i}.json`;
  const run = spawnSync(
    'npx',
    [
      'vitest',
      'run',
      ...suite.args,
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...extraArgs,
    ],
    {
      stdio: 'inherit',
      env: { ...process.env, ...suite.env },
    },
  );
  if (existsSync(report)) {
    const result = JSON.parse(readFileSync(report, 'utf8')) as Report;
    passed += result.numPassedTests;
    failed += result.numFailedTests;
    for (const file of result.testResults) {
      const where = `${suite.name}: ${relative(process.cwd(), file.name)}`;
      const failedTests = file.assertionResults.filter((t) => t.status === 'failed');
      for (const t of failedTests) failures.push(`${where} > ${t.fullName}\n    ${firstLine(t.failureMessages[0])}`);
      if (failedTests.length === 0 && file.message) failures.push(`${where}\n    ${firstLine(file.message)}`);
    }
  }
  if (run.status !== 0) failedSuites++;
}

console.log('\n=== summary ===');
for (const s of skipped) console.log(`SKIPPED ${s}`);
if (skipped.length === 0) console.log('No suites skipped.');
for (const f of failures) console.log(`FAILED ${f}`);
console.log(`Tests: ${passed} passed, ${failed} failed`);
if (CI && skipped.length > 0) {
  console.error('CI=true: suites may not be skipped in CI.');
  process.exit(1);
}
process.exit(failedSuites > 0 || failed > 0 ? 1 : 0);
