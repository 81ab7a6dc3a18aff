import { ValidationError } from '../../schema/domain/errors';
import { inTransaction } from '../../schema/domain/transaction';
import { budgetYear, checkNewZone, createZoneWithAdmin } from '../../schema/domain/zones';
import { loadEnv } from '../env';
import { createLogger } from '../logger';
import { prepareDatabase } from '../prepare-database';
import { commandLine } from './args';
import { askServer, fail, openDatabase, runningServer } from './common';

// `npm run zone:create -- --slug wigan --name "Wigan" --admin-email a@b.org`: a new zone and its
// first administrator, on an empty or existing database (migrations first). The password comes
// from standard input when piped (`echo "$PW" | npm run zone:create -- ...`); otherwise a
// single-use sign-in link is printed.
const USAGE =
  'Usage: npm run zone:create -- --slug SLUG --name NAME --admin-email EMAIL [--admin-name NAME] [--period 2026-27] [--delegated-limit-pence N]';

const { values } = commandLine(USAGE, {
  options: {
    slug: { type: 'string' },
    name: { type: 'string' },
    'admin-email': { type: 'string' },
    'admin-name': { type: 'string' },
    period: { type: 'string' },
    'delegated-limit-pence': { type: 'string' },
  },
  about: 'Creates a zone and its first administrator; pipe a password in, or a sign-in link is printed.',
});
if (!values.slug || !values.name || !values['admin-email']) fail(USAGE, 2);
const limit = values['delegated-limit-pence'];
if (limit !== undefined && !/^\d{1,9}$/.test(limit)) fail('--delegated-limit-pence must be a whole number of pence', 2);

async function readStdin(): Promise<string | undefined> {
  if (process.stdin.isTTY) return undefined;
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  return text.length > 0 ? text : undefined;
}

const env = loadEnv();
const input = {
  slug: values.slug,
  name: values.name,
  adminEmail: values['admin-email'],
  adminName: values['admin-name'] ?? 'Zone administrator',
  period: values.period ?? budgetYear(new Date()),
  adminPassword: await readStdin(),
  delegatedLimitPence: limit === undefined ? undefined : Number(limit),
};

function report(signInToken: string | null) {
  console.log(
    `Created zone "${input.slug}" (${input.name}, period ${input.period}) with administrator ${input.adminEmail}.`,
  );
  if (signInToken) {
    const base = env.PUBLIC_URL ?? `http://localhost:${env.PORT}`;
    console.log('No password was piped in. The administrator sets one with this single-use link (valid 72 hours):');
    console.log(`  ${new URL(`/reset-password?token=${signInToken}`, base)}`);
  } else console.log('They can sign in with the password given.');
}

// Mistakes in the arguments are reported before any database is opened.
checkOrFail();

// With PGlite and the server running, the server holds the data: it does the work.
const server = runningServer(env);
if (server) {
  const res = await askServer(server, '/ops/zone-create', input);
  report(((await res.json()) as { signInToken: string | null }).signInToken);
  process.exit(0);
}

const handle = await openDatabase(env, 'npm run zone:create');
try {
  await prepareDatabase(handle, { seed: 'none', logger: createLogger({ level: 'warn' }) });
  const created = await inTransaction(handle.db, (tx) => createZoneWithAdmin(tx, input));
  report(created.signInToken);
} catch (error) {
  if (error instanceof ValidationError) fail(`Nothing was created: ${error.message}`, 1);
  throw error;
} finally {
  await handle.close();
}

function checkOrFail() {
  try {
    checkNewZone(input);
  } catch (error) {
    if (error instanceof ValidationError) fail(`Nothing was created: ${error.message}`, 1);
    throw error;
  }
}
