import { describe, expect, it } from 'vitest';
import { runScript } from '../setup/processes';

// A password with a bare % (Sec%ZZpw): postgres.js decodes it with decodeURIComponent, so every
// command died with "URIError: URI malformed" and a stack, and the server with a fatal uncaught
// exception. It is now refused with the settings, naming the variable and never the password.
const SECRET = 'Sec%ZZpw';
const BAD_URL = `postgres://postgres:${SECRET}@127.0.0.1:1/none`;

describe('a DATABASE_URL the driver cannot decode', () => {
  it.each([
    ['server/cli/reconcile.ts', 'DATABASE_URL', { DATABASE_URL: BAD_URL }],
    ['server/main.ts', 'DATABASE_URL', { DATABASE_URL: BAD_URL }],
    [
      'server/main.ts',
      'DATABASE_READ_URL',
      { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', DATABASE_READ_URL: BAD_URL },
    ],
  ])('%s with a bad %s stops with one line naming it', async (script, name, env) => {
    const run = await runScript(script, env);
    expect(run.code, run.output).toBe(1);
    expect(run.output.trim()).toBe(
      `Invalid environment:\n  ${name}: ${name} has a % in its user name or password that is not an escape: write a % in the password as %25`,
    );
    expect(run.output).not.toContain(SECRET);
  });

  it('an escaped % (%25) passes the settings and reaches the database', async () => {
    const run = await runScript('server/cli/reconcile.ts', {
      DATABASE_URL: 'postgres://postgres:Sec%25pw@127.0.0.1:1/none',
    });
    expect(run.code, run.output).toBe(1);
    expect(run.output.trim()).toMatch(/^Cannot reach the database at 127\.0\.0\.1:1\/none/);
  });
});

// Several hosts: postgres.js tries them in turn, for ever when none answers (a command hung with
// the CPU busy). The settings said only that postgres:// could not read the address.
describe('a DATABASE_URL with several hosts', () => {
  it('is refused with the settings, saying why', async () => {
    const run = await runScript('server/cli/reconcile.ts', {
      DATABASE_URL: 'postgres://postgres@127.0.0.1:1,127.0.0.1:2/none',
    });
    expect(run.code, run.output).toBe(1);
    expect(run.output.trim()).toBe(
      'Invalid environment:\n  DATABASE_URL: DATABASE_URL names several hosts: give one, such as a proxy or PgBouncer in front of them, or the primary',
    );
  });
});
