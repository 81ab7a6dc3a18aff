import { describe, expect, it } from 'vitest';
import { parseEnv } from '../../server/env';
import { runScript } from '../setup/processes';

// Numeric settings: z.coerce.number read an empty value as 0 (PORT= listened on a random port,
// SHUTDOWN_GRACE_MS= cut requests at once) and took hex (0x10) as a number. PGLITE_SHARED_BUFFERS
// of 2GB passed, then PGlite failed to start with a stack that did not name the variable.

// Nothing listens here: a server that got past its settings would fail at once, not keep running.
const NO_DATABASE = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none' };

describe('the server refuses odd numbers with one line naming the variable', () => {
  it.each([
    ['PORT', '0x10', /^ {2}PORT: must be a whole number in decimal digits, from 0 to 65535$/m],
    ['SHUTDOWN_GRACE_MS', '1e4', /^ {2}SHUTDOWN_GRACE_MS: must be a whole number in decimal digits/m],
    ['EMAIL_POLL_MS', '0x64', /^ {2}EMAIL_POLL_MS: must be a whole number in decimal digits/m],
    ['SESSION_CACHE_SECONDS', '-1', /^ {2}SESSION_CACHE_SECONDS: must be a whole number in decimal digits/m],
    ['PGLITE_SHARED_BUFFERS', '2GB', /^ {2}PGLITE_SHARED_BUFFERS: .*from 1MB to 1GB$/m],
    ['PGLITE_SHARED_BUFFERS', '1kB', /^ {2}PGLITE_SHARED_BUFFERS: .*from 1MB to 1GB$/m],
  ])('%s=%s', async (name, value, message) => {
    const run = await runScript('server/main.ts', { ...NO_DATABASE, [name]: value });
    expect(run.code, run.output).toBe(1);
    expect(run.output).toMatch(/^Invalid environment:$/m);
    expect(run.output).toMatch(message);
    expect(run.output).not.toMatch(/\n\s+at |uncaught/);
  });
});

describe('an empty or blank setting means not set', () => {
  it('takes the default or leaves it unset, never refused (a compose file writes SMTP_URL=)', () => {
    const env = parseEnv({
      DATABASE_URL: '',
      SMTP_URL: ' ',
      METRICS_TOKEN: '',
      HOST: '',
      NODE_ENV: '',
      LOG_LEVEL: ' ',
      DATA_DIR: '',
      PUBLIC_URL: '',
    });
    expect(env).toMatchObject({ NODE_ENV: 'development', LOG_LEVEL: 'info', EMAIL: 'on' });
    expect(env.DATA_DIR).toMatch(/\.data$/);
    for (const unset of ['DATABASE_URL', 'SMTP_URL', 'METRICS_TOKEN', 'HOST', 'PUBLIC_URL'] as const)
      expect(env[unset], unset).toBeUndefined();
  });

  it('takes the default, never 0', () => {
    const env = parseEnv({ PORT: '', SHUTDOWN_GRACE_MS: '', SESSION_CACHE_SECONDS: ' ', DATABASE_POOL_SIZE: '' });
    expect(env.PORT).toBe(4000);
    expect(env.SHUTDOWN_GRACE_MS).toBe(10_000);
    expect(env.SESSION_CACHE_SECONDS).toBe(5);
    expect(env.DATABASE_POOL_SIZE).toBe(10);
    expect(parseEnv({ PORT: ' 4001 ', PGLITE_SHARED_BUFFERS: '1GB' })).toMatchObject({
      PORT: 4001,
      PGLITE_SHARED_BUFFERS: '1GB',
    });
  });
});
